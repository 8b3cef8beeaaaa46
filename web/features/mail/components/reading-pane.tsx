import { InboxIcon } from './icons';
import { MessageView } from './message-view';

export function ReadingPane({ folder, uid: openUid }: { folder: string; uid: number | null }) {
  return (
    <section className="reading-pane" aria-label="Reading pane">
      {openUid === null ? (
        <div className="reading-empty">
          <InboxIcon />
          <p>Select a message to read it.</p>
        </div>
      ) : (
        // A new view per message: its remote-content choice and frame start fresh.
        <MessageView key={`${folder}\u0000${openUid}`} folder={folder} uid={openUid} />
      )}
    </section>
  );
}
