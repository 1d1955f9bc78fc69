// Field-level error display shared by the forms (login, 实名认证, 开办企业).

/** The error line under a field; `name` is the API field name. */
export function fieldErrorId(name) {
  return `field-error-${name}`;
}

/** Clears every field error inside `scope`. */
export function clearFieldErrors(scope) {
  scope.querySelectorAll('.js-field-error').forEach((el) => {
    el.textContent = '';
    el.hidden = true;
  });
  scope.querySelectorAll('[aria-invalid="true"]').forEach((el) => el.removeAttribute('aria-invalid'));
}

/** Shows `fields` ({name: 中文}) under their fields; returns the names that had a place. */
export function showFieldErrors(scope, fields = {}) {
  const shown = [];
  for (const [name, message] of Object.entries(fields || {})) {
    const line = scope.querySelector(`.js-field-error[data-for="${CSS.escape(name)}"]`);
    if (!line) continue;
    line.textContent = message;
    line.hidden = false;
    scope.querySelectorAll(`[name="${CSS.escape(name)}"]`).forEach((input) => input.setAttribute('aria-invalid', 'true'));
    shown.push(name);
  }
  return shown;
}

/** Moves focus to the first invalid field in `scope`. */
export function focusFirstInvalid(scope) {
  const input = scope.querySelector('[aria-invalid="true"]');
  if (input) input.focus();
}

export const PHONE_RE = /^1\d{10}$/;
export const CODE_RE = /^\d{6}$/;
export const ID_NUMBER_RE = /^\d{17}[\dX]$/;
