// Switching stores from the UI (status bar menu, command palette). The desktop app restarts on
// the chosen store; errors (a folder that is not a store, say) come back as toasts.
import { getApi } from '../../api';
import type { StoreRequest } from '../../api/types';
import { toast, toastError } from '../../state/ui';

export async function pickStore(request: StoreRequest): Promise<void> {
  try {
    if (await getApi().chooseStore(request)) toast('info', 'Opening the store…', 'Mnemo restarts on it.');
  } catch (e) {
    toastError(e, request === 'open' ? 'open the store' : 'make the store');
  }
}

export async function openRecentStore(uri: string): Promise<void> {
  try {
    await getApi().switchStore(uri, 'open');
    toast('info', 'Opening the store…', uri);
  } catch (e) {
    toastError(e, 'open the store');
  }
}
