// The only HTTP client of the H5 app: JSON in, JSON out, one error type.

const NETWORK_MESSAGE = '网络异常，请检查网络后重试';

export class ApiError extends Error {
  constructor({ status, code, message, fields, retryAfter }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields || {};
    this.retryAfter = retryAfter;
  }
}

let unauthorizedHandler = null;

/** Registers the one reaction to any 401 (app.js sends the user to #/login). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

function fallbackMessage(status) {
  if (status >= 500) return `服务暂时不可用（${status}），请稍后重试`;
  return `请求失败（${status}），请稍后重试`;
}

async function readJson(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function retryAfterSeconds(response) {
  const value = Number.parseInt(response.headers.get('Retry-After') || '', 10);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * Sends one request to the API (a JSON body, or a FormData one for an upload). Resolves with the parsed body (null for 204),
 * rejects with an ApiError carrying status, code, message and fields.
 */
export async function request(method, path, body) {
  // A FormData body (a file upload) goes as multipart: the browser writes its Content-Type and boundary.
  const multipart = typeof FormData !== 'undefined' && body instanceof FormData;
  const headers = multipart ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' };
  const options = { method, credentials: 'same-origin', headers };
  if (body !== undefined) options.body = multipart ? body : JSON.stringify(body);

  let response;
  try {
    response = await fetch(path, options);
  } catch {
    throw new ApiError({ status: 0, code: 'network', message: NETWORK_MESSAGE });
  }

  const data = await readJson(response);
  if (response.ok) return data;

  const error = new ApiError({
    status: response.status,
    code: (data && data.error) || `http_${response.status}`,
    message: (data && data.message) || fallbackMessage(response.status),
    fields: data && data.fields,
    retryAfter: retryAfterSeconds(response),
  });
  if (response.status === 401 && unauthorizedHandler) unauthorizedHandler(error);
  throw error;
}

export const get = (path) => request('GET', path);
export const post = (path, body = {}) => request('POST', path, body);

/** Builds a path with an encoded query string, skipping empty values. */
export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
