// Templates of the four 开办企业 steps. Pure functions of (state, meta).

import { fieldErrorId } from '../forms.js';
import { html, raw } from '../ui.js';

export const STEPS = ['基本信息', '主体负责人', '刻章信息', '确认提交'];

/** The step holding each API field, to jump to the first erroneous one. */
export const FIELD_STEP = {
  company_name: 0, enterprise_type: 0, address: 0,
  principal_name: 1, principal_id_number: 1, principal_phone: 1,
  seals: 2, free_eseal: 2,
};

function typeOf(meta, code) {
  return (meta.enterprise_types || []).find((type) => type.code === code) || null;
}

/** 法定代表人 / 执行事务合伙人 / 负责人 for the chosen type. */
export function principalRole(meta, code) {
  const type = typeOf(meta, code);
  return (type && type.principal_role) || '主体负责人';
}

/** A seal type's label for this enterprise type (the personal seal is named after the role). */
function sealLabel(seal, typeCode) {
  return (seal.label_by_type && seal.label_by_type[typeCode]) || seal.label;
}

function errorLine(name, errors) {
  const message = errors[name];
  return html`<p class="form-cell__error js-field-error" data-for="${name}" id="${fieldErrorId(name)}" ${message ? '' : 'hidden'}>${message || ''}</p>`;
}

function invalid(name, errors) {
  return errors[name] ? raw('aria-invalid="true"') : '';
}

function textCell({ name, label, placeholder, values, errors, type = 'text', inputmode = '', maxlength = 100, extra = '' }) {
  return html`
    <div class="form-cell">
      <label class="form-cell__label" for="startup-${name}">${label}</label>
      <div class="form-cell__control">
        <input class="form-cell__input" id="startup-${name}" name="${name}" type="${type}" value="${values[name]}"
          ${inputmode ? html`inputmode="${inputmode}"` : ''} maxlength="${maxlength}" placeholder="${placeholder}"
          aria-describedby="${fieldErrorId(name)}" ${raw(extra)} ${invalid(name, errors)}>
      </div>
      ${errorLine(name, errors)}
    </div>`;
}

export function stepIndicator(current) {
  return html`
    <ol class="steps" aria-label="填报步骤">
      ${STEPS.map((label, i) => {
        const status = i < current ? 'done' : i === current ? 'current' : 'todo';
        return html`
          <li class="steps__item steps__item--${status}" ${i === current ? raw('aria-current="step"') : ''}>
            <span class="steps__num">${i + 1}</span>
            <span class="steps__label">${label}</span>
          </li>`;
      })}
    </ol>`;
}

function basicStep({ values, errors }, meta) {
  const types = meta.enterprise_types || [];
  return html`
    <div class="cells form">
      ${textCell({ name: 'company_name', label: '企业名称', placeholder: '请输入企业名称', values, errors, maxlength: 60 })}
      <div class="form-cell form-cell--select">
        <label class="form-cell__label" for="startup-enterprise_type">企业类型</label>
        <div class="form-cell__control">
          <select class="form-cell__select" id="startup-enterprise_type" name="enterprise_type" required
            aria-describedby="${fieldErrorId('enterprise_type')}" ${invalid('enterprise_type', errors)}>
            <option value="" ${values.enterprise_type ? '' : 'selected'} disabled>请选择企业类型</option>
            ${types.map((type) => html`<option value="${type.code}" ${type.code === values.enterprise_type ? 'selected' : ''}>${type.label}</option>`)}
          </select>
        </div>
        ${errorLine('enterprise_type', errors)}
      </div>
      ${textCell({ name: 'address', label: '住所', placeholder: '请输入企业住所', values, errors, maxlength: 120 })}
    </div>`;
}

function principalStep({ values, errors }, meta) {
  return html`
    <div class="cells form">
      ${textCell({ name: 'principal_name', label: '姓名', placeholder: '请输入姓名', values, errors, maxlength: 30 })}
      ${textCell({
        name: 'principal_id_number', label: '身份证号', placeholder: '请输入18位身份证号', values, errors, maxlength: 18,
        extra: 'autocapitalize="characters" spellcheck="false" autocomplete="off"',
      })}
      ${textCell({ name: 'principal_phone', label: '手机号', placeholder: '请输入手机号', values, errors, type: 'tel', inputmode: 'numeric', maxlength: 11 })}
    </div>`;
}

function sealsStep({ values, errors }, meta) {
  const seals = meta.seal_types || [];
  return html`
    <fieldset class="cells form checklist" aria-describedby="${fieldErrorId('seals')}">
      <legend class="visually-hidden">选择需要刻制的印章</legend>
      ${seals.map((seal) => {
        const required = Boolean(seal.required);
        const checked = required || values.seals.includes(seal.code);
        return html`
          <label class="check-cell">
            <input class="check-cell__input" type="checkbox" name="seals" value="${seal.code}"
              ${checked ? 'checked' : ''} ${required ? 'disabled' : ''}>
            <span class="check-cell__box" aria-hidden="true"></span>
            <span class="check-cell__label">${sealLabel(seal, values.enterprise_type)}</span>
            ${required ? html`<span class="tag tag--muted">必选</span>` : ''}
          </label>`;
      })}
      ${errorLine('seals', errors)}
    </fieldset>
    <div class="free-eseal">
      <label class="free-eseal__option">
        <input class="check-cell__input" type="checkbox" name="free_eseal" value="1"
          aria-describedby="free-eseal-note ${fieldErrorId('free_eseal')}" ${values.free_eseal ? 'checked' : ''}>
        <span class="check-cell__box" aria-hidden="true"></span>
        <span class="free-eseal__label">免费领取“电子印章”</span>
      </label>
      <p class="free-eseal__note" id="free-eseal-note">勾选后，开办手续完成时随无介质电子礼包（电子营业执照、电子印章、电子发票）同步发放</p>
      ${errorLine('free_eseal', errors)}
    </div>`;
}

function row(label, value) {
  return html`<div class="summary__row"><dt>${label}</dt><dd>${value || '—'}</dd></div>`;
}

function confirmStep({ values }, meta) {
  const type = typeOf(meta, values.enterprise_type);
  const role = principalRole(meta, values.enterprise_type);
  const sealNames = (meta.seal_types || [])
    .filter((seal) => seal.required || values.seals.includes(seal.code))
    .map((seal) => sealLabel(seal, values.enterprise_type));
  return html`
    <div class="cells summary">
      <h3 class="summary__title">基本信息</h3>
      <dl>
        ${row('企业名称', values.company_name)}
        ${row('企业类型', type && type.label)}
        ${row('住所', values.address)}
      </dl>
      <h3 class="summary__title">${role}信息</h3>
      <dl>
        ${row('姓名', values.principal_name)}
        ${row('身份证号', values.principal_id_number)}
        ${row('手机号', values.principal_phone)}
      </dl>
      <h3 class="summary__title">刻章信息</h3>
      <dl>
        ${row('刻制印章', sealNames.join('、'))}
        ${row('电子印章', values.free_eseal ? '免费领取“电子印章”' : '不领取')}
      </dl>
    </div>`;
}

/** The heading and body of step `index`. */
export function stepBody(index, state, meta) {
  const titles = ['企业基本信息', `${principalRole(meta, state.values.enterprise_type)}信息`, '刻章信息', '确认提交'];
  const bodies = [basicStep, principalStep, sealsStep, confirmStep];
  return html`
    <h2 class="form-title js-step-title" tabindex="-1">${titles[index]}</h2>
    ${bodies[index](state, meta)}`;
}
