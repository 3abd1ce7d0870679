package io.github.sslstarter.starttls;

import java.util.ArrayList;
import java.util.List;

/**
 * An SMTP or FTP reply: a three-digit code, possibly over several lines. The first line reads
 * {@code 220-...}; the reply ends at the line that starts with the same code and a space (FTP
 * allows other lines in between, SMTP prefixes every line).
 *
 * @param code the three-digit code
 * @param lines the text of each line after the code and separator
 */
record NumericReply(int code, List<String> lines) {

	static NumericReply read(PlaintextChannel channel, String expected) throws StartTlsException {
		String first = channel.readLine(expected);
		if (first.length() < 3 || !isDigits(first.substring(0, 3))
				|| (first.length() > 3 && first.charAt(3) != ' ' && first.charAt(3) != '-')) {
			throw channel.unexpected(expected, first);
		}
		String digits = first.substring(0, 3);
		List<String> lines = new ArrayList<>();
		lines.add(textOf(first));
		boolean more = first.length() > 3 && first.charAt(3) == '-';
		while (more) {
			String line = channel.readLine(expected + " (the rest of a multi-line " + digits + " reply)");
			more = !(line.startsWith(digits) && (line.length() == 3 || line.charAt(3) == ' '));
			lines.add((!more || line.startsWith(digits + "-")) ? textOf(line) : line);
		}
		int code = Integer.parseInt(digits);
		return new NumericReply(code, List.copyOf(lines));
	}

	private static boolean isDigits(String text) {
		return text.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

	private static String textOf(String line) {
		return (line.length() > 4) ? line.substring(4) : "";
	}

	/** A reply to send: {@code 250-first}, ..., {@code 250 last}. */
	static NumericReply of(int code, String... lines) {
		return new NumericReply(code, List.of(lines));
	}

	/** The reply as the server sent it, lines joined, for messages. */
	String text() {
		return join("\n", "");
	}

	/** The reply on the wire, every line ended by CR LF. */
	String wire() {
		return join("\r\n", "\r\n");
	}

	private String join(String separator, String end) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < this.lines.size(); i++) {
			text.append((i > 0) ? separator : "").append(this.code).append((i < this.lines.size() - 1) ? '-' : ' ')
				.append(this.lines.get(i));
		}
		return text.append(end).toString();
	}

}
