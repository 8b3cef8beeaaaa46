import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useT } from '../i18n';

interface RichSignatureEditorProps {
  labelledBy: string;
  html: string;
  onChange: (value: { html: string; text: string }) => void;
}

/**
 * The rich signature, edited with tiptap: its schema keeps only the nodes and
 * marks StarterKit knows, so pasted scripts or styles never reach the stored HTML.
 * Loaded on demand (tiptap is large), like the compose editor.
 */
export default function RichSignatureEditor({ labelledBy, html, onChange }: RichSignatureEditorProps) {
  const t = useT();
  const editor = useEditor({
    extensions: [StarterKit.configure({ heading: false, codeBlock: false, link: { openOnClick: false, autolink: true } })],
    content: html,
    editorProps: { attributes: { 'aria-labelledby': labelledBy, 'aria-multiline': 'true', role: 'textbox', class: 'signature-rich' } },
    onUpdate: ({ editor: current }) => onChange({ html: current.getHTML(), text: current.getText({ blockSeparator: '\n' }) }),
  });
  return (
    <div className="signature-editor">
      <div className="signature-toolbar" role="toolbar" aria-label={t('Formatting')}>
        <button type="button" className="button button-small" aria-pressed={editor?.isActive('bold') ?? false} onClick={() => editor?.chain().focus().toggleBold().run()}>
          {t('Bold')}
        </button>
        <button type="button" className="button button-small" aria-pressed={editor?.isActive('italic') ?? false} onClick={() => editor?.chain().focus().toggleItalic().run()}>
          {t('Italic')}
        </button>
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}
