// Demo mode only: the newest SMS code of a kind from the outbox, shown in a notice (登录, 用印's 短信验证).

import { get } from './api.js';
import { loadMeta } from './session.js';

export async function showDemoCode(notice, outboxUrl, kind) {
  try {
    const meta = await loadMeta();
    if (!meta || !meta.demo) return;
    const outbox = await get(outboxUrl);
    const newest = ((outbox && outbox.items) || []).find((item) => item.kind === kind);
    if (!newest || !newest.code || !notice.isConnected) return;
    notice.textContent = `演示模式：短信验证码为 ${newest.code}`;
    notice.hidden = false;
  } catch (error) {
    console.warn('sms outbox unavailable', error);
  }
}
