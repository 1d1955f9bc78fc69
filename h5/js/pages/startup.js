// 开办企业: a four-step form (基本信息 → 主体负责人 → 刻章信息 → 确认提交).
// Half filled, it is not lost by accident: leaving through the app asks 「确定放弃填写？」, and leaving by the
// browser's (or Android's) back keeps the input for this signed-in user until they come back to it.

import { post } from '../api.js';
import { ID_NUMBER_RE, PHONE_RE, focusFirstInvalid } from '../forms.js';
import { currentMe, loadMeta } from '../session.js';
import { alertDialog, confirmDialog, html, setHtml, showLoading, toast } from '../ui.js';
import { errorHtml, loadingHtml } from '../views.js';
import { FIELD_STEP, STEPS, principalRole, stepBody, stepIndicator } from './startup-steps.js';

// The form on screen, and the input kept in memory (never stored) when the page was left unfinished.
let current = null;
let draft = null;

const userId = () => (currentMe() && currentMe().id) || null;

function initialState() {
  return {
    step: 0,
    errors: {},
    values: {
      company_name: '',
      enterprise_type: '',
      address: '',
      principal_name: '',
      principal_id_number: '',
      principal_phone: '',
      seals: ['official'],
      free_eseal: false,
    },
  };
}

/** True once anything was typed or chosen (公章 alone, the default, is nothing). */
function isDirty(state) {
  const { values } = state;
  const typed = ['company_name', 'enterprise_type', 'address', 'principal_name', 'principal_id_number', 'principal_phone']
    .some((name) => String(values[name] || '').trim() !== '');
  return state.step > 0 || typed || values.free_eseal || values.seals.some((code) => code !== 'official');
}

/** The kept input of this user, or a fresh form. */
function restoreState() {
  if (draft && draft.user === userId()) return { state: draft.state, restored: isDirty(draft.state) };
  draft = null;
  return { state: initialState(), restored: false };
}

/** Client-side checks of one step; the server checks everything again. */
function validateStep(step, values, meta) {
  const errors = {};
  const role = principalRole(meta, values.enterprise_type);
  if (step === 0) {
    if (!values.company_name.trim()) errors.company_name = '请输入企业名称';
    if (!values.enterprise_type) errors.enterprise_type = '请选择企业类型';
    if (!values.address.trim()) errors.address = '请输入企业住所';
  } else if (step === 1) {
    if (!values.principal_name.trim()) errors.principal_name = `请输入${role}姓名`;
    if (!ID_NUMBER_RE.test(values.principal_id_number)) errors.principal_id_number = '请输入正确的18位身份证号';
    if (!PHONE_RE.test(values.principal_phone)) errors.principal_phone = '请输入正确的11位手机号';
  }
  return errors;
}

function buttons(step) {
  const last = step === STEPS.length - 1;
  return html`
    <div class="btn-area btn-area--split">
      ${step > 0 ? html`<button type="button" class="btn btn--default js-prev">上一步</button>` : ''}
      ${last
        ? html`<button type="submit" class="btn btn--primary js-submit">提交</button>`
        : html`<button type="submit" class="btn btn--primary">下一步</button>`}
    </div>`;
}

function paint(root, state, meta, { focus = 'title' } = {}) {
  setHtml(root, html`
    ${stepIndicator(state.step)}
    <form class="startup js-form" novalidate>
      ${stepBody(state.step, state, meta)}
      ${buttons(state.step)}
    </form>`);
  window.scrollTo(0, 0);
  const form = root.querySelector('.js-form');
  if (focus === 'none') return;
  if (focus === 'invalid' && form.querySelector('[aria-invalid="true"]')) focusFirstInvalid(form);
  else root.querySelector('.js-step-title').focus({ preventScroll: true });
}

/** Reads an edited control into state.values. */
function readControl(state, target) {
  const { name } = target;
  if (!(name in state.values)) return;
  if (name === 'seals') {
    const form = target.form;
    state.values.seals = [...form.querySelectorAll('input[name="seals"]:checked')].map((input) => input.value);
  } else if (name === 'free_eseal') {
    state.values.free_eseal = target.checked;
  } else if (name === 'principal_id_number') {
    target.value = target.value.replace(/[^\dXx]/g, '').toUpperCase();
    state.values[name] = target.value;
  } else if (name === 'principal_phone') {
    target.value = target.value.replace(/\D/g, '');
    state.values[name] = target.value;
  } else {
    state.values[name] = target.value;
  }
  if (state.errors[name]) {
    delete state.errors[name];
    const line = target.closest('form').querySelector(`.js-field-error[data-for="${name}"]`);
    if (line) line.hidden = true;
    target.removeAttribute('aria-invalid');
  }
}

function payload(values, meta) {
  const required = (meta.seal_types || []).filter((seal) => seal.required).map((seal) => seal.code);
  const seals = [...new Set([...required, ...values.seals])];
  return {
    company_name: values.company_name.trim(),
    enterprise_type: values.enterprise_type,
    address: values.address.trim(),
    principal_name: values.principal_name.trim(),
    principal_id_number: values.principal_id_number.trim().toUpperCase(),
    principal_phone: values.principal_phone.trim(),
    seals,
    free_eseal: Boolean(values.free_eseal),
  };
}

async function submit(root, ctx, state, meta) {
  const hide = showLoading('提交中');
  try {
    await post('/api/startups', payload(state.values, meta));
    hide();
    state.submitted = true;
    draft = null;
    await alertDialog({
      title: '提交成功',
      body: '您的开办企业申请已提交，可在“我的办件”中查看办理进度。',
      confirmText: '确定',
    });
    if (ctx.alive()) ctx.router.replace('#/startups');
  } catch (error) {
    hide();
    const fields = error.fields || {};
    const known = Object.keys(fields).filter((name) => name in FIELD_STEP);
    if (!known.length) {
      toast(error.message, { type: 'fail', duration: 2500 });
      return;
    }
    state.errors = fields;
    state.step = Math.min(...known.map((name) => FIELD_STEP[name]));
    paint(root, state, meta, { focus: 'invalid' });
    toast(error.message || '请检查填写的信息', { type: 'fail' });
  }
}

function next(root, ctx, state, meta) {
  if (state.step === STEPS.length - 1) {
    submit(root, ctx, state, meta);
    return;
  }
  const errors = validateStep(state.step, state.values, meta);
  state.errors = { ...state.errors, ...errors };
  if (Object.keys(errors).length) {
    paint(root, state, meta, { focus: 'invalid' });
    return;
  }
  state.step += 1;
  paint(root, state, meta);
}

async function load(root, ctx) {
  setHtml(root, loadingHtml());
  let meta;
  try {
    meta = await loadMeta();
  } catch (error) {
    setHtml(root, errorHtml(error));
    return;
  }
  if (!ctx.alive()) return;
  const { state, restored } = restoreState();
  draft = { user: userId(), state };
  current = state;
  paint(root, state, meta, { focus: 'none' });
  if (restored) toast('已恢复上次未提交的填写内容');
  root.addEventListener('input', (event) => readControl(state, event.target));
  root.addEventListener('change', (event) => readControl(state, event.target));
  root.addEventListener('submit', (event) => {
    event.preventDefault();
    next(root, ctx, state, meta);
  });
  root.addEventListener('click', (event) => {
    if (!event.target.closest('.js-prev')) return;
    state.step = Math.max(0, state.step - 1);
    paint(root, state, meta);
  });
}

export function render(root, ctx) {
  root.addEventListener('click', (event) => {
    if (event.target.closest('.js-retry')) load(root, ctx);
  });
  return load(root, ctx);
}

/** Leaving through the app (back, 首页, a tab): ask first when something was filled in. */
export async function confirmLeave() {
  const state = current;
  if (!state || state.submitted || !isDirty(state)) return true;
  const leave = await confirmDialog({
    title: '确定放弃填写？',
    body: '离开后，已填写的开办企业信息将不会保留。',
    cancelText: '继续填写',
    confirmText: '放弃',
    danger: true,
  });
  if (leave && current === state) draft = null;
  return leave;
}

export function destroy() {
  current = null;
}
