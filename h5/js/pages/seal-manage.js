// 管理印章: delete downloaded seals (none can be downloaded yet: an honest empty state).

import { renderSealEmpty } from './seal-empty.js';

export function render(root, ctx) {
  return renderSealEmpty(root, ctx, { hint: '管理印章中主要是对当前小程序已经下载的印章进行删除操作' });
}
