// Copying text for the person, with a toast that says whether it worked.
import { toast } from '../../state/ui';

export async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast('success', `Copied ${what}`);
  } catch {
    toast('error', `Could not copy ${what}`, 'The clipboard is not available here; select the text and copy it.');
  }
}
