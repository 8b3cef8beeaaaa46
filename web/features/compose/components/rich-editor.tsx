import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { htmlToPlain } from '../model/compose-model';

export interface EditorChange {
  html: string;
  text: string;
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

/** The rich-text body (tiptap): what the editor's schema allows is all the HTML it can produce. */
export function RichEditor({ initialHtml, onChange }: { initialHtml: string; onChange: (change: EditorChange) => void }) {
  const editor = useEditor({
    extensions: [StarterKit.configure({ link: { openOnClick: false, autolink: true } })],
    content: initialHtml,
    editorProps: { attributes: { class: 'compose-editor', role: 'textbox', 'aria-multiline': 'true', 'aria-label': 'Message' } },
    onUpdate: ({ editor: changed }) => {
      const html = changed.getHTML();
      onChange({ html, text: htmlToPlain(html) });
    },
  });
  if (!editor) return null;
  const chain = () => editor.chain().focus();
  return (
    <div className="compose-rich">
      <div className="compose-toolbar" role="toolbar" aria-label="Formatting">
        <ToolbarButton editor={editor} label="Bold" mark="bold" run={() => chain().toggleBold().run()} />
        <ToolbarButton editor={editor} label="Italic" mark="italic" run={() => chain().toggleItalic().run()} />
        <ToolbarButton editor={editor} label="Bullets" mark="bulletList" run={() => chain().toggleBulletList().run()} />
        <ToolbarButton editor={editor} label="Numbers" mark="orderedList" run={() => chain().toggleOrderedList().run()} />
        <ToolbarButton editor={editor} label="Quote" mark="blockquote" run={() => chain().toggleBlockquote().run()} />
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}
