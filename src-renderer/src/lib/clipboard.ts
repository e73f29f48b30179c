// Copies text for the user. navigator.clipboard needs a focused, secure page (the app is one);
// when it refuses, the caller shows why rather than pretending it worked.
export async function copyText(text: string): Promise<void> {
  if (!navigator.clipboard) throw new Error('the clipboard is not available in this window');
  await navigator.clipboard.writeText(text);
}
