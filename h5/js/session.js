// The signed-in user (GET /api/me) and the catalogue (GET /api/meta), cached for the session.

import { ApiError, get } from './api.js';

let me = null;
let meLoaded = false;
let metaPromise = null;

/** Loads the current user once; resolves null when not signed in. */
export async function loadMe({ force = false } = {}) {
  if (meLoaded && !force) return me;
  try {
    me = await get('/api/me');
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    me = null;
  }
  meLoaded = true;
  return me;
}

export function currentMe() {
  return me;
}

/** Stores a fresh Me (from login or the face check), or null after logout/401. */
export function setMe(value) {
  me = value;
  meLoaded = true;
}

export function realnameStatus() {
  return (me && me.realname && me.realname.status) || 'none';
}

export function isVerified() {
  return realnameStatus() === 'verified';
}

/** Records the pending check after POST /api/realname. */
export function setRealnamePending(check) {
  if (!me) return;
  me = {
    ...me,
    realname: {
      ...(me.realname || {}),
      status: check.status || 'face_pending',
      name_masked: check.name_masked ?? null,
      id_number_masked: check.id_number_masked ?? null,
      pending_check_id: check.check_id,
    },
  };
}

/** GET /api/meta, fetched once (retried on the next call if it failed). */
export function loadMeta() {
  if (!metaPromise) {
    metaPromise = get('/api/meta').catch((error) => {
      metaPromise = null;
      throw error;
    });
  }
  return metaPromise;
}
