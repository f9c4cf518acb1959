import { useEffect, useState } from 'react';
import { isTauri } from '../../api';
import { importSource } from './importer';

/** Drop a JSONL file anywhere on the window to import it (browser mode). */
export function ImportDrop() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    if (isTauri()) return;
    let depth = 0;
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (!depth) setOver(false);
    };
    const overFn = (e: DragEvent) => hasFiles(e) && e.preventDefault();
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const file = e.dataTransfer!.files[0];
      if (file) void importSource({ kind: 'file', file });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overFn);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!over) return null;
  return (
    <div className="drop-overlay">
      <div>
        Drop a file to import its memories: Mnemo <code>.jsonl</code>, a ChatGPT or Claude export (<code>conversations.json</code>), a
        transcript, or an MCP <code>memory.jsonl</code>
      </div>
    </div>
  );
}
