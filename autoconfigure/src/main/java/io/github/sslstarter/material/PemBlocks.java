package io.github.sslstarter.material;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.sslstarter.material.MaterialException.Problem;

/**
 * Finds the PEM blocks of a text (RFC 7468, with RFC 1421 headers such as {@code Proc-Type}) in one
 * pass over its lines. No regular expression is involved, so a hostile input (thousands of BEGIN
 * lines without an END, a megabyte of dashes) costs linear time; text outside the blocks is
 * ignored, as the RFC allows. Spring Boot's PEM parsers are only ever given one block that this
 * scanner has already delimited.
 */
final class PemBlocks {

	private static final String BEGIN = "-----BEGIN ";

	private static final String END = "-----END ";

	private static final String DASHES = "-----";

	private static final int MAX_LABEL_LENGTH = 128;

	private PemBlocks() {
	}

	/**
	 * One block: its label, the line its BEGIN stands on (from 1), its headers, its base64 body.
	 * An incomplete block is one whose BEGIN line has no matching END line before the next BEGIN
	 * line or the end of the text.
	 */
	record Block(String label, int line, List<String> headers, String base64, boolean complete) {

		/** The decoded body; {@link IllegalArgumentException} when it is not base64. */
		byte[] der() {
			return Base64.getDecoder().decode(this.base64);
		}

		/** Whether an RFC 1421 header marks the body as encrypted ({@code Proc-Type: 4,ENCRYPTED}). */
		boolean isLegacyEncrypted() {
			for (String header : this.headers) {
				String compact = header.replace(" ", "").replace("\t", "");
				if (compact.regionMatches(true, 0, "Proc-Type:4,ENCRYPTED", 0, 21)) {
					return true;
				}
			}
			return false;
		}

		/** The block alone, as canonical PEM text: safe to give to a regex-based parser. */
		String pem() {
			return pem(this.label);
		}

		/** The block under another label. */
		String pem(String label) {
			StringBuilder pem = new StringBuilder(this.base64.length() + this.base64.length() / 64 + 128);
			pem.append(BEGIN).append(label).append(DASHES).append('\n');
			for (String header : this.headers) {
				pem.append(header).append('\n');
			}
			if (!this.headers.isEmpty()) {
				pem.append('\n');
			}
			for (int i = 0; i < this.base64.length(); i += 64) {
				pem.append(this.base64, i, Math.min(i + 64, this.base64.length())).append('\n');
			}
			return pem.append(END).append(label).append(DASHES).append('\n').toString();
		}

		/** What to say about a block without its END line. */
		MaterialException incomplete(String location) {
			return new MaterialException(Problem.UNPARSEABLE, location,
					"The '" + this.label + "' block that begins on line " + this.line + " has no '" + END + this.label
							+ DASHES + "' line",
					"Check that the file is complete and that every BEGIN line has its END line");
		}

	}

	/**
	 * The blocks of {@code text} in order, complete or not; none when it is not PEM at all.
	 * @throws MaterialException TOO_LARGE when the text is longer than {@link Location#MAX_SIZE}
	 */
	static List<Block> scan(String text, String location) {
		Location.requireSize(text.length(), location, "PEM text");
		return scan(text);
	}

	/** The blocks of {@code text} in order, whatever its size. */
	static List<Block> scan(String text) {
		List<Block> blocks = new ArrayList<>();
		Builder current = null;
		int lineNumber = 0;
		int position = 0;
		int length = text.length();
		while (position < length) {
			int newline = text.indexOf('\n', position);
			int lineEnd = (newline < 0) ? length : newline;
			String line = text.substring(position, lineEnd).strip();
			position = lineEnd + 1;
			lineNumber++;
			String begin = label(line, 0, BEGIN);
			if (begin != null) {
				if (current != null) {
					blocks.add(current.build(false));
				}
				current = new Builder(begin, lineNumber);
				continue;
			}
			if (current == null) {
				continue;
			}
			int end = line.indexOf(END);
			if (end >= 0) {
				String endLabel = label(line, end, END);
				if (endLabel != null) {
					current.body(line.substring(0, end));
					blocks.add(current.build(endLabel.equals(current.label)));
					current = null;
					continue;
				}
			}
			current.body(line);
		}
		if (current != null) {
			blocks.add(current.build(false));
		}
		return blocks;
	}

	/**
	 * The label of a {@code -----BEGIN label-----} or {@code -----END label-----} marker that starts at
	 * {@code from} and ends the line, or null. RFC 7468 labels are printable characters; a label
	 * never holds two dashes in a row, so a line of repeated markers is not a marker.
	 */
	private static String label(String line, int from, String prefix) {
		int start = from + prefix.length();
		int end = line.length() - DASHES.length();
		if (end <= start || end - start > MAX_LABEL_LENGTH || !line.startsWith(prefix, from)
				|| !line.endsWith(DASHES)) {
			return null;
		}
		for (int i = start; i < end; i++) {
			char c = line.charAt(i);
			if (c < 0x20 || c > 0x7E || (c == '-' && (i == start || i == end - 1 || line.charAt(i + 1) == '-'))) {
				return null;
			}
		}
		return line.substring(start, end);
	}

	/** "2 CERTIFICATE, 1 PRIVATE KEY": the kinds of block, for messages; never their content. */
	static String summary(List<Block> blocks) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (Block block : blocks) {
			counts.merge(block.complete() ? block.label() : block.label() + " (without END)", 1, Integer::sum);
		}
		String shown = counts.entrySet()
			.stream()
			.limit(5)
			.map((entry) -> entry.getValue() + " " + entry.getKey())
			.collect(Collectors.joining(", "));
		return (counts.size() > 5) ? shown + " and " + (counts.size() - 5) + " other kinds" : shown;
	}

	private static final class Builder {

		private final String label;

		private final int line;

		private final List<String> headers = new ArrayList<>();

		private final StringBuilder base64 = new StringBuilder();

		Builder(String label, int line) {
			this.label = label;
			this.line = line;
		}

		/** Header lines (they hold a colon, base64 never does) come before the first base64 line. */
		void body(String line) {
			if (line.isEmpty()) {
				return;
			}
			if (this.base64.length() == 0 && line.indexOf(':') >= 0) {
				this.headers.add(line);
				return;
			}
			this.base64.append(line);
		}

		Block build(boolean complete) {
			return new Block(this.label, this.line, List.copyOf(this.headers), this.base64.toString(), complete);
		}

	}

}
