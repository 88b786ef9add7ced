// A page that imports only `define.js`, as the READMEs show: its listeners must still be typed.
import '@smtp-settings/widget/define.js';

document.querySelector('smtp-settings')?.addEventListener('smtp-settings-save', (event) => {
  const version: number = event.detail.version;
  return version;
});
document.querySelector('smtp-settings')?.addEventListener('smtp-settings-error', (event) => {
  const code: string = event.detail.code;
  return code;
});
