// 查看已下载印章: downloaded seals (none can be downloaded yet: an honest empty state).

import { renderSealEmpty } from './seal-empty.js';

export function render(root, ctx) {
  return renderSealEmpty(root, ctx, { hint: '下载印章后可在此查看' });
}
