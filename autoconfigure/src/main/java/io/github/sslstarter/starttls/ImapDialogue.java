package io.github.sslstarter.starttls;

/**
 * IMAP (RFC 3501): greeting {@code * OK}, {@code a1 STARTTLS}, {@code a1 OK} after any untagged
 * lines.
 */
final class ImapDialogue implements Dialogue {

	private static final String TAG = "a1";

	@Override
	public void run(PlaintextChannel channel, String host, String clientName) throws StartTlsException {
		String greeting = channel.readLine("an '* OK' greeting");
		// PREAUTH must not be followed by STARTTLS (RFC 3501 6.2.1); BYE means rejected
		if (!startsWithWord(greeting, "* OK")) {
			throw channel.unexpected("an '* OK' greeting", greeting);
		}
		channel.send(TAG + " STARTTLS\r\n");
		String expected = "'" + TAG + " OK' in reply to '" + TAG + " STARTTLS'";
		String line = channel.readLine(expected);
		while (line.startsWith("* ")) {
			line = channel.readLine(expected);
		}
		if (!startsWithWord(line, TAG + " OK")) {
			throw channel.unexpected(expected, line);
		}
		channel.expectNothingMore("'" + TAG + " OK'");
	}

	static boolean startsWithWord(String line, String prefix) {
		return line.regionMatches(true, 0, prefix, 0, prefix.length())
				&& (line.length() == prefix.length() || line.charAt(prefix.length()) == ' ');
	}

}
