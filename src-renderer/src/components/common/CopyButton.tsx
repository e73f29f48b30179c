// One click copies a value (a selector, an XPath, a URL) and says so for a moment.
import { useEffect, useState } from 'react';
import { copyText } from '../../lib/clipboard';
import { notify } from '../../state/notices-store';

interface CopyButtonProps {
  value: string;
  /** The accessible name: "Copy CSS selector of element 3". */
  label: string;
  text?: string;
  className?: string;
}

const COPIED_FOR_MS = 1_200;

export function CopyButton({ value, label, text = 'Copy', className }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  return (
    <button
      type="button"
      className={`copy-button ${copied ? 'copy-button--copied' : ''} ${className ?? ''}`}
      aria-label={label}
      title={value}
      onClick={(event) => {
        event.stopPropagation();
        copyText(value).then(
          () => setCopied(true),
          (error: unknown) => notify('error', `Could not copy: ${(error as Error).message}`),
        );
      }}
    >
      {copied ? 'Copied' : text}
    </button>
  );
}
