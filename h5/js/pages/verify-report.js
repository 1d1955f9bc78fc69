// 印章验真's report, drawn from POST /api/verify's answer: the overall verdict on top, then each signature in
// signing order — its seal picture, 印章名称, 企业名称, 统一社会信用代码, 印章编码, the time and its source, and
// the server's checks (文件完整性, 盖章后是否修改, 证书链, 盖章时证书状态, 当前状态, 制章者签名, 用印记录) — and for a
// seal file (.esl) its five steps. Each verdict is a word with a mark (✓ ✕ ! ?) as well as a colour.

import { icon } from '../icons.js';
import { html, raw } from '../ui.js';
import { formatDateTime, sameOriginUrl } from '../views.js';

// ok: green, bad: red, warn: amber, muted: grey.
const VERDICTS = {
  valid: { tone: 'ok', word: '有效', icon: 'success' },
  invalid: { tone: 'bad', word: '无效', icon: 'fail' },
  indeterminate: { tone: 'warn', word: '无法确认', icon: 'fail' },
};
const OUTCOMES = { passed: 'ok', warning: 'warn', failed: 'bad', unknown: 'muted', skipped: 'muted' };
const STEP_WORDS = { passed: '通过', failed: '未通过', unknown: '无法确认', skipped: '未检查' };
const MARKS = { ok: '✓', bad: '✕', warn: '!', muted: '?' };
// Each check's short word is the answer's *_text field of the same fact; the check's detail says more.
const WORDS = {
  integrity: 'intact_text',
  changes: 'changes_text',
  chain: 'chain_text',
  status_at_signing: 'status_at_signing_text',
  status_now: 'status_now_text',
  maker_signature: 'maker_signature_text',
};
const STATUS_WORDS = { valid: '有效', suspended: '已停用', revoked: '已注销', unknown: '无法确认' };
const STATUS_OUTCOMES = { valid: 'passed', suspended: 'failed', revoked: 'failed' };
const TIME_SOURCES = { timestamp: '时间戳', signer_clock: '签名者时钟' };

/** The verdict's tone, word and icon; an unknown value is 无法确认. */
export function verdictOf(value, text) {
  const verdict = VERDICTS[value] || VERDICTS.indeterminate;
  return text ? { ...verdict, word: text } : verdict;
}

/** One check: its name, then a mark and the word in the check's colour, and a smaller line saying more. */
function checkHtml(name, tone, word, note = '') {
  return html`
    <div class="verify-check verify-check--${tone}">
      <dt class="verify-check__label">${name}</dt>
      <dd class="verify-check__value">
        <span class="verify-check__mark" aria-hidden="true">${MARKS[tone]}</span><span class="verify-check__word">${word}</span>
        ${note ? html`<span class="verify-check__note">${note}</span>` : ''}
      </dd>
    </div>`;
}

/** [word, note]: 「文件完整：…」 is 文件完整 and the rest; a detail that starts with the word says it whole. */
function wordAndNote(word, detail) {
  const text = String(detail || '');
  if (!word) return [text, ''];
  if (text.startsWith(`${word}：`)) return [word, text.slice(word.length + 1)];
  if (text.startsWith(word)) return [text, ''];
  return [word, text];
}

/** The matching 用印记录: when, and who (masked) — 2026-12-02 11:48 · 张*（本人）. */
function stampLogWord(log) {
  const who = log.operator ? `${log.operator}${log.access_text ? `（${log.access_text}）` : ''}` : '';
  return [formatDateTime(log.signed_at), who].filter(Boolean).join(' · ') || '已找到';
}

function serverCheckHtml(check, signature) {
  const tone = OUTCOMES[check.outcome] || 'muted';
  if (check.check === 'stamp_log' && signature.stamp_log) {
    const log = signature.stamp_log;
    return checkHtml(check.name, tone, stampLogWord(log), log.seq ? `该印章的第${log.seq}条用印记录` : '');
  }
  const [word, note] = wordAndNote(signature[WORDS[check.check]], check.detail || STEP_WORDS[check.outcome]);
  return checkHtml(check.name, tone, word, note);
}

/** The checks the contract guarantees, for an answer that lists none. */
function basicChecks(signature) {
  const status = (key) => ({
    check: key, name: key === 'status_now' ? '当前状态' : '盖章时证书状态',
    outcome: STATUS_OUTCOMES[signature[key]] || 'unknown', detail: STATUS_WORDS[signature[key]] || '无法确认',
  });
  return [
    { check: 'integrity', name: '文件完整性', outcome: signature.intact ? 'passed' : 'failed',
      detail: signature.intact ? '文件完整' : '已被篡改' },
    status('status_at_signing'),
    status('status_now'),
  ];
}

/** A seal file's steps (结构, 制章者签名, 制章者证书, 有效期, 吊销状态): 通过 / 未通过 / 无法确认 / 未检查. */
function stepsHtml(steps) {
  return steps.map((step) => checkHtml(step.name, OUTCOMES[step.outcome] || 'muted', STEP_WORDS[step.outcome] || '无法确认',
    step.detail));
}

function factHtml(label, value) {
  return html`
    <div class="verify-fact">
      <dt class="verify-fact__label">${label}</dt>
      <dd class="verify-fact__value">${value || '—'}</dd>
    </div>`;
}

/** The seal picture carried in the signature (an inline PNG/JPEG) or a same-origin one; else null. */
export function pictureUrl(value) {
  if (typeof value === 'string' && /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/.test(value)) return value;
  return sameOriginUrl(value);
}

function pictureHtml(signature) {
  const src = pictureUrl(signature.picture);
  const name = signature.seal_name || '印章';
  if (!src) return html`<span class="verify-sig__picture" role="img" aria-label="${name}无印模">${raw(icon('stamp'))}</span>`;
  return html`<span class="verify-sig__picture"><img src="${src}" alt="${name}印模"></span>`;
}

/** 第2页, 骑缝章（每页）; nothing for an invisible signature or a seal file's own. */
function whereOf(signature) {
  if (signature.kind === 'riding') return '骑缝章（每页）';
  if (signature.kind === 'seal') return signature.page ? `第${signature.page}页` : '';
  return signature.kind === 'seal_object' ? '' : signature.kind_text || '';
}

function timeOf(signature) {
  const when = formatDateTime(signature.signed_at) || '—';
  const source = signature.time_source_text || TIME_SOURCES[signature.time_source];
  return source ? `${when}（${source}）` : when;
}

function signatureHtml(signature, position, steps) {
  const verdict = verdictOf(signature.verdict, signature.verdict_text);
  const number = signature.index || position + 1;
  const where = whereOf(signature);
  const checks = Array.isArray(signature.checks) ? signature.checks : basicChecks(signature);
  return html`
    <li class="verify-sig">
      <div class="verify-sig__hd">
        ${pictureHtml(signature)}
        <div class="verify-sig__title">
          <p class="verify-sig__name">${signature.seal_name || signature.signer_name || signature.field_name || '未知印章'}</p>
          <p class="verify-sig__no">${steps ? '印章文件' : `第${number}枚印章`}${where ? ` · ${where}` : ''}</p>
        </div>
        <span class="verify-badge verify-badge--${verdict.tone}">${verdict.word}</span>
      </div>
      ${signature.reason && signature.verdict !== 'valid' ? html`<p class="verify-sig__reason">${signature.reason}</p>` : ''}
      <dl class="verify-facts">
        ${factHtml('印章名称', signature.seal_name)}
        ${factHtml('企业名称', signature.enterprise_name)}
        ${factHtml('统一社会信用代码', signature.credit_code)}
        ${factHtml('印章编码', signature.seal_code)}
        ${signature.seal_name ? '' : factHtml('签名者', signature.signer_name)}
        ${factHtml(steps ? '制作时间' : '签章时间', timeOf(signature))}
      </dl>
      ${steps ? html`
        <h3 class="verify-sig__sub">验证步骤</h3>
        <dl class="verify-checks">${stepsHtml(steps)}</dl>` : html`
        <dl class="verify-checks">${checks.map((check) => serverCheckHtml(check, signature))}</dl>`}
    </li>`;
}

/** The overall verdict: 有效 / 无效 / 无法确认 with the reason, and what was checked. */
export function verdictHtml(answer, file) {
  const verdict = verdictOf(answer.verdict, answer.verdict_text);
  const sealFile = answer.file_type === 'seal_file';
  const count = (answer.signatures || []).length;
  const what = sealFile ? '印章文件' : `${count}枚电子印章`;
  return html`
    <div class="verify-verdict verify-verdict--${verdict.tone}" role="status">
      <span class="verify-verdict__icon">${raw(icon(verdict.icon))}</span>
      <p class="verify-verdict__label">验证结论</p>
      <p class="verify-verdict__word js-verdict">${verdict.word}</p>
      <p class="verify-verdict__reason">${answer.reason || ''}</p>
      <p class="verify-verdict__file">${file.name} · ${what}</p>
    </div>`;
}

/** Every signature below the verdict (a seal file: its seal with the five steps). */
export function reportHtml(answer) {
  const signatures = answer.signatures || [];
  const steps = answer.file_type === 'seal_file' && Array.isArray(answer.steps) ? answer.steps : null;
  if (!signatures.length && steps) {
    // A seal file too damaged to describe its seal: the steps alone.
    return html`<h2 class="cells__title">验证步骤</h2>
      <dl class="cells verify-sig verify-checks">${stepsHtml(steps)}</dl>`;
  }
  if (!signatures.length) return '';
  return html`
    <h2 class="cells__title">${steps ? '印章信息' : '印章信息（按盖章顺序）'}</h2>
    <ol class="verify-sigs">${signatures.map((signature, i) => signatureHtml(signature, i, steps))}</ol>`;
}
