// "Add URLs": dropped or chosen list files and pasted text, each previewed before anything is
// stored; Confirm imports each file as its own batch.
import { useRef } from 'react';
import { formatCount } from '../../lib/format';
import { readListFiles } from '../../lib/read-files';
import { hasText, useImportStore } from '../../state/import-store';
import { useViewStore } from '../../state/view-store';
import { Dialog } from '../common/Dialog';
import { ImportOptionsForm } from './ImportOptionsForm';
import { ImportPreviewView } from './ImportPreviewView';

const LIST_FILE_TYPES = '.txt,.csv,.tsv,.json,.jsonl,.html,.htm,text/plain,text/csv,application/json,text/html';

export function ImportDialog() {
  const { files, paste, unreadable, importing, addFiles, removeFile, setPasteText, confirm } = useImportStore();
  const close = useViewStore((state) => state.closeDialog);
  const fileInput = useRef<HTMLInputElement>(null);

  const sources = [...files, ...(hasText(paste) ? [paste] : [])];
  const toAdd = sources.reduce((sum, source) => sum + (source.preview?.toAdd ?? 0), 0);
  const pending = sources.some((source) => source.previewing);
  const canImport = sources.length > 0 && !importing && !pending && toAdd > 0;

  const onConfirm = async () => {
    if (await confirm()) close();
  };

  return (
    <Dialog
      title="Add URLs"
      onClose={close}
      busy={importing}
      className="dialog--wide"
      footer={
        <>
          <span className="dialog__summary" data-testid="import-total">
            {sources.length === 0
              ? 'Paste URLs or add list files.'
              : pending
                ? 'Reading…'
                : `${formatCount(toAdd)} URL${toAdd === 1 ? '' : 's'} from ${sources.length} list${sources.length === 1 ? '' : 's'}`}
          </span>
          <button type="button" className="button" onClick={close} disabled={importing}>
            Cancel
          </button>
          <button type="button" className="button button--primary" onClick={() => void onConfirm()} disabled={!canImport}>
            {importing ? 'Importing…' : `Import ${formatCount(toAdd)} URL${toAdd === 1 ? '' : 's'}`}
          </button>
        </>
      }
    >
      <section className="import-files" aria-label="List files">
        <div className="import-files__bar">
          <button type="button" className="button" onClick={() => fileInput.current?.click()}>
            Choose files…
          </button>
          <span className="muted">or drop txt, csv, json or bookmarks html files anywhere on the window</span>
          <input
            ref={fileInput}
            type="file"
            multiple
            accept={LIST_FILE_TYPES}
            className="visually-hidden"
            aria-label="List files to import"
            tabIndex={-1}
            onChange={async (event) => {
              const chosen = Array.from(event.target.files ?? []);
              event.target.value = '';
              const { read, unreadable: failed } = await readListFiles(chosen);
              addFiles(read, failed);
            }}
          />
        </div>
        {unreadable.map((file) => (
          <p key={file.fileName} className="inline-error" role="alert">
            {file.fileName} {file.message}
          </p>
        ))}
        {files.length > 0 && (
          <ul className="import-files__list" aria-label="Files to import">
            {files.map((file) => (
              <li key={file.key} className="import-file" data-file-name={file.fileName}>
                <div className="import-file__head">
                  <strong className="break">{file.fileName}</strong>
                  <button type="button" className="button button--ghost" aria-label={`Remove ${file.fileName}`} onClick={() => removeFile(file.key)} disabled={importing}>
                    Remove
                  </button>
                </div>
                <ImportPreviewView source={file} label={file.fileName ?? 'file'} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="import-paste" aria-label="Pasted URLs">
        <label htmlFor="import-paste-text" className="field__label">
          Paste URLs
        </label>
        <textarea
          id="import-paste-text"
          className="input import-paste__text"
          rows={files.length > 0 ? 4 : 10}
          spellCheck={false}
          placeholder={'https://example.org/\nexample.com/pricing\n…or CSV, JSON, bookmarks HTML'}
          value={paste.text}
          onChange={(event) => setPasteText(event.target.value)}
          data-autofocus
        />
        <ImportPreviewView source={paste} label="pasted text" />
      </section>
      <ImportOptionsForm />
    </Dialog>
  );
}
