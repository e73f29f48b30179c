// Copies text for the user with navigator.clipboard.writeText. A host that grants no permission
// at all (the desktop app denies every permission request, clipboard-sanitized-write included)
// makes it reject; then the older copy command, which needs only the click that called it,
// does the same job. When both fail the caller says so rather than pretending it worked.
export async function copyText(text: string): Promise<void> {
  try {
    if (!navigator.clipboard) throw new Error('the clipboard API is not available in this window');
    await navigator.clipboard.writeText(text);
  } catch (error) {
    if (!copyWithCommand(text)) throw error;
  }
}

function copyWithCommand(text: string): boolean {
  const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.style.position = 'fixed';
  field.style.opacity = '0';
  // Inside an open modal dialog, or the page behind it is inert and the field cannot be selected.
  (document.querySelector('dialog[open]') ?? document.body).appendChild(field);
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    field.remove();
    active?.focus();
  }
}
