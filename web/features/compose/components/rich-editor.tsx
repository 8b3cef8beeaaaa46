import { EditorContent, useEditor, type ChainedCommands, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { msg } from '../../../lib/i18n/i18n';
import { useT } from '../i18n';
import { htmlToPlain } from '../model/compose-model';

export interface EditorChange {
  html: string;
  text: string;
}

/** The toolbar: each button toggles one mark or node of the editor's schema. */
const TOOLBAR: ReadonlyArray<{ label: string; mark: string; toggle: (chain: ChainedCommands) => ChainedCommands }> = [
  { label: msg('Bold'), mark: 'bold', toggle: (chain) => chain.toggleBold() },
  { label: msg('Italic'), mark: 'italic', toggle: (chain) => chain.toggleItalic() },
  { label: msg('Bullets'), mark: 'bulletList', toggle: (chain) => chain.toggleBulletList() },
  { label: msg('Numbers'), mark: 'orderedList', toggle: (chain) => chain.toggleOrderedList() },
  { label: msg('Quote'), mark: 'blockquote', toggle: (chain) => chain.toggleBlockquote() },
];

/** The rich-text body (tiptap): what the editor's schema allows is all the HTML it can produce. */
export function RichEditor({ initialHtml, onChange }: { initialHtml: string; onChange: (change: EditorChange) => void }) {
  const t = useT();
  const editor = useEditor({
    extensions: [StarterKit.configure({ link: { openOnClick: false, autolink: true } })],
    content: initialHtml,
    editorProps: { attributes: { class: 'compose-editor', role: 'textbox', 'aria-multiline': 'true', 'aria-label': t('Message') } },
    onUpdate: ({ editor: changed }) => {
      const html = changed.getHTML();
      onChange({ html, text: htmlToPlain(html) });
    },
  });
  if (!editor) return null;
  return (
    <div className="compose-rich">
      <div className="compose-toolbar" role="toolbar" aria-label={t('Formatting')}>
        {TOOLBAR.map(({ label, mark, toggle }) => (
          <ToolbarButton key={mark} editor={editor} label={t(label)} mark={mark} run={() => toggle(editor.chain().focus()).run()} />
        ))}
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}

function ToolbarButton({ editor, label, mark, run }: { editor: Editor; label: string; mark: string; run: () => void }) {
  return (
    <button
      type="button"
      className="button button-quiet button-small"
      aria-pressed={editor.isActive(mark)}
      onMouseDown={(event) => event.preventDefault()}
      onClick={run}
    >
      {label}
    </button>
  );
}
