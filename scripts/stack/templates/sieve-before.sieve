# Global Sieve script of the Tern mail stack "@STACK_NAME@", run by Dovecot's
# LMTP before the user's active script (sieve_before).
#
# spamass-milter only passes SpamAssassin's standard headers through, so the
# scanner's plain "X-Spam-Score" never reaches the mailbox. Re-create it here
# from X-Spam-Status ("Yes, score=999.0 required=5.0 ..."), which the milter
# always sets, and drop any X-Spam-Score the sender put in the message.
# Without a scanner verdict (milter down) the message gets no score header.
require ["editheader", "regex", "variables"];

deleteheader "X-Spam-Score";
if header :regex "X-Spam-Status" "score=(-?[0-9]+(\\.[0-9]+)?)" {
  addheader :last "X-Spam-Score" "${1}";
}
