package io.github.sslstarter.starttls;

import java.util.Locale;

/**
 * A client's command line in a line-based protocol (SMTP, IMAP, POP3, FTP): an optional tag
 * (IMAP), the verb in upper case, and the rest.
 *
 * @param tag the IMAP tag, or {@code null}
 * @param verb the command word, upper case
 * @param argument what follows the verb, trimmed; empty if nothing
 */
record Command(String tag, String verb, String argument) {

	static Command read(PlaintextChannel channel, String expected) throws StartTlsException {
		return parse(null, channel.readLine(expected));
	}

	/** An IMAP command: {@code tag SP verb [SP argument]}. */
	static Command readTagged(PlaintextChannel channel, String expected) throws StartTlsException {
		String line = channel.readLine(expected);
		int space = line.indexOf(' ');
		return parse((space > 0) ? line.substring(0, space) : line, (space > 0) ? line.substring(space + 1) : "");
	}

	private static Command parse(String tag, String text) {
		int space = text.indexOf(' ');
		String verb = ((space >= 0) ? text.substring(0, space) : text).toUpperCase(Locale.ROOT);
		return new Command(tag, verb, (space >= 0) ? text.substring(space + 1).trim() : "");
	}

	boolean is(String verb) {
		return this.verb.equals(verb);
	}

	/** Whether the tag is one a reply may echo: IMAP's tag characters (RFC 3501), nothing else. */
	boolean hasValidTag() {
		return this.tag != null && !this.tag.isEmpty() && this.tag.length() <= 64
				&& this.tag.chars().allMatch((c) -> c > 0x20 && c < 0x7f && "(){%*\"\\]+".indexOf(c) < 0);
	}

}
