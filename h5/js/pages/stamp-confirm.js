// 【确认用印】: the placements (mm, the seal box's top-left from the page's top-left) go to the server, which
// answers how this user confirms: the principal in the 电子营业执照 app (the same jump as 下载, after
// 即将打开“电子营业执照”小程序 → 【允许】), a grantee with an SMS code (the 短信验证 page).

import { post } from '../api.js';
import { alertDialog, confirmDialog, showLoading } from '../ui.js';
import { JUMP_TITLE, jumpTarget } from './eseal-shared.js';
import { stampApi, stampHash } from './stamp-shared.js';

const JUMP_BODY = '需要跳转到电子营业执照小程序验证身份，确认后将在文件上加盖电子印章';
const SMS_KEY = 'eseal.stamp.sms.';

/** The body of POST …/confirm. */
export function confirmBody(state) {
  return {
    placements: state.placements.map(({ seal_id, page, x_mm, y_mm }) => ({
      seal_id: Number.isNaN(Number(seal_id)) ? seal_id : Number(seal_id), page, x_mm, y_mm,
    })),
    riding: state.riding
      ? { seal_id: Number.isNaN(Number(state.riding.seal_id)) ? state.riding.seal_id : Number(state.riding.seal_id), y_mm: state.riding.y_mm }
      : null,
  };
}

/** The masked phone the SMS code went to and when, kept for the 短信验证 page (its resend countdown). */
export function rememberSmsPhone(request, phone) {
  try {
    if (phone) sessionStorage.setItem(SMS_KEY + request, JSON.stringify({ phone, at: Date.now() }));
  } catch {
    // The page then says only that a code was sent.
  }
}

/** { phone, at } of the last code sent for the request in this tab, or null. */
export function smsSent(request) {
  try {
    const value = JSON.parse(sessionStorage.getItem(SMS_KEY + request) || 'null');
    return value && typeof value.phone === 'string' && Number.isFinite(value.at) ? value : null;
  } catch {
    return null;
  }
}

function usedSeals(state) {
  const ids = state.placements.map((p) => p.seal_id);
  if (state.riding) ids.push(state.riding.seal_id);
  return ids.map((id) => state.seals.get(id)).filter(Boolean);
}

const askJump = () => confirmDialog({ title: JUMP_TITLE, body: JUMP_BODY, cancelText: '取消', confirmText: '允许' });

let current = null;

function settle(state) {
  if (state.hideLoading) state.hideLoading();
  state.hideLoading = null;
  state.busy = false;
  if (current === state) {
    current = null;
    window.removeEventListener('pageshow', onPageShow);
  }
}

/** Back from the licence app through the browser's page cache: the page is usable again. */
function onPageShow(event) {
  if (event.persisted && current) settle(current);
}

/** 【确认用印】 on the page `state`; alive() says whether it is still the page on screen. */
export async function confirmStamp(state, alive) {
  if (state.busy) return;
  const seals = usedSeals(state);
  if (!seals.length) {
    await alertDialog({ title: '无法用印', body: '请先选择印章，并将印章放置在文件页面上' });
    return;
  }
  state.busy = true;
  current = state;
  window.addEventListener('pageshow', onPageShow);
  // The principal's own seals go through the licence app: ask first, as 下载 does.
  const byLicence = seals.every((seal) => seal.access !== 'grant');
  if (byLicence && !(await askJump())) {
    settle(state);
    return;
  }
  if (!alive()) return;
  state.hideLoading = showLoading('正在提交');
  try {
    const result = await post(stampApi.confirm(state.request), confirmBody(state));
    if (!alive()) return;
    if (result && result.mode === 'sms') {
      settle(state);
      rememberSmsPhone(state.request, result.phone_masked);
      state.ctx.router.navigate(stampHash('/sms', state.request, state.ent));
      return;
    }
    const target = jumpTarget(result && result.jump_url);
    if (!target) throw new Error('无法打开电子营业执照小程序，请稍后重试');
    if (!byLicence) {
      if (state.hideLoading) state.hideLoading();
      if (!(await askJump()) || !alive()) {
        settle(state);
        return;
      }
    }
    window.location.assign(target); // a top-level jump, never the router; the loading toast stays until it leaves
  } catch (error) {
    settle(state);
    if (alive()) await alertDialog({ title: '无法用印', body: error.message || '请稍后重试' });
  }
}
