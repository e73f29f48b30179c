// Reads dropped or chosen list files as text in the page (the File API; no path is ever named).
import { MAX_LIST_TEXT_LENGTH } from '../../../src-shared/task-input';

export interface ListFile {
  fileName: string;
  text: string;
}

export interface UnreadableFile {
  fileName: string;
  message: string;
}

export async function readListFiles(files: Iterable<File>): Promise<{ read: ListFile[]; unreadable: UnreadableFile[] }> {
  const read: ListFile[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const file of files) {
    if (file.size > MAX_LIST_TEXT_LENGTH) {
      unreadable.push({ fileName: file.name, message: `is larger than ${Math.round(MAX_LIST_TEXT_LENGTH / 1024 / 1024)} MB` });
      continue;
    }
    try {
      read.push({ fileName: file.name, text: await file.text() });
    } catch (error) {
      unreadable.push({ fileName: file.name, message: (error as Error).message || 'could not be read' });
    }
  }
  return { read, unreadable };
}

/** Whether a drag carries files (not text or a link dragged from elsewhere). */
export function dragHasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}
