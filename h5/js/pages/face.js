// 人脸识别: a simulated face check (no camera) that completes 实名认证.

import { post } from '../api.js';
import { icon } from '../icons.js';
import { safeNext } from '../router.js';
import { currentMe, isVerified, setMe } from '../session.js';
import { html, raw, setHtml, toast } from '../ui.js';

const SCAN_MS = 1500;
let scanTimer = 0;

function template(realname, editHash) {
  const who = [realname.name_masked, realname.id_number_masked].filter(Boolean).join(' ');
  return html`
    <div class="face">
      ${who ? html`<p class="face__who">认证人：${who}</p>` : ''}
      <div class="face__frame js-frame">
        <span class="face__glyph">${raw(icon('face'))}</span>
        <span class="face__scan" aria-hidden="true"></span>
      </div>
      <p class="face__tip js-tip" role="status">请正对屏幕，保持光线充足</p>
      <p class="face__sub">本环节为模拟人脸识别，不会开启摄像头</p>
      <div class="btn-area">
        <button type="button" class="btn btn--primary js-start">开始识别</button>
      </div>
      <p class="face__edit"><a href="${editHash}" class="js-edit">信息有误？重新填写</a></p>
    </div>`;
}

function setScanning(root, scanning) {
  const button = root.querySelector('.js-start');
  root.querySelector('.js-frame').classList.toggle('face__frame--scanning', scanning);
  root.querySelector('.js-tip').textContent = scanning ? '识别中…' : '请正对屏幕，保持光线充足';
  button.disabled = scanning;
  button.textContent = scanning ? '识别中…' : '开始识别';
}

async function verify(root, ctx, checkId) {
  setScanning(root, true);
  await new Promise((resolve) => {
    scanTimer = setTimeout(resolve, SCAN_MS);
  });
  if (!ctx.alive()) return;
  try {
    const me = await post(`/api/realname/${encodeURIComponent(checkId)}/face`, {});
    setMe(me);
    toast('认证成功', { type: 'success' });
    ctx.router.replace(safeNext(ctx.query.get('next')));
  } catch (error) {
    if (!ctx.alive()) return;
    setScanning(root, false);
    toast(error.message, { type: 'fail', duration: 2500 });
  }
}

export function render(root, ctx) {
  const me = currentMe();
  const realname = (me && me.realname) || {};
  const next = ctx.query.get('next');
  if (isVerified()) {
    ctx.router.replace(safeNext(next));
    return;
  }
  const checkId = ctx.query.get('check') || realname.pending_check_id;
  const editQuery = new URLSearchParams({ edit: '1' });
  if (next) editQuery.set('next', next);
  const editHash = `#/realname?${editQuery}`;
  if (!checkId) {
    ctx.router.replace(editHash);
    return;
  }
  setHtml(root, template(realname, editHash));
  root.addEventListener('click', (event) => {
    if (event.target.closest('.js-start')) verify(root, ctx, checkId);
    else if (event.target.closest('.js-edit')) {
      event.preventDefault();
      ctx.router.replace(editHash);
    }
  });
}

export function destroy() {
  clearTimeout(scanTimer);
}
