package io.github.sslstarter.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The ICANN section of the public suffix list, loaded once on first use from the bundled copy
 * (see {@code README.md} next to it for its version and date).
 */
final class PublicSuffixes {

	static final String RESOURCE = "public_suffix_list.dat";

	private final Set<String> rules;

	// for a rule "*.ck" the parent "ck"
	private final Set<String> wildcardParents;

	// for a rule "!www.ck" the name "www.ck"
	private final Set<String> exceptions;

	private PublicSuffixes(Set<String> rules, Set<String> wildcardParents, Set<String> exceptions) {
		this.rules = rules;
		this.wildcardParents = wildcardParents;
		this.exceptions = exceptions;
	}

	/** The bundled list, loaded lazily once (holder idiom). */
	static PublicSuffixes icann() {
		return Holder.INSTANCE;
	}

	/**
	 * Whether {@code domain} (lower case ASCII, no trailing dot) is itself a public suffix. A single
	 * label always is: the list's implicit default rule is {@code *}.
	 */
	boolean isPublicSuffix(String domain) {
		int dot = domain.indexOf('.');
		if (dot < 0) {
			return true;
		}
		if (this.exceptions.contains(domain)) {
			return false;
		}
		return this.rules.contains(domain) || this.wildcardParents.contains(domain.substring(dot + 1));
	}

	int size() {
		return this.rules.size() + this.wildcardParents.size() + this.exceptions.size();
	}

	static PublicSuffixes load(InputStream in) throws IOException {
		Set<String> rules = new HashSet<>(16384);
		Set<String> wildcardParents = new HashSet<>();
		Set<String> exceptions = new HashSet<>();
		boolean inIcann = false;
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				line = line.strip();
				if (line.startsWith("//")) {
					if (line.contains("===BEGIN ICANN DOMAINS===")) {
						inIcann = true;
					}
					else if (line.contains("===END ICANN DOMAINS===")) {
						break;
					}
					continue;
				}
				if (!inIcann || line.isEmpty()) {
					continue;
				}
				int space = indexOfWhitespace(line);
				String rule = (space < 0) ? line : line.substring(0, space);
				if (rule.startsWith("!")) {
					exceptions.add(ascii(rule.substring(1)));
				}
				else if (rule.startsWith("*.")) {
					wildcardParents.add(ascii(rule.substring(2)));
				}
				else {
					rules.add(ascii(rule));
				}
			}
		}
		if (!inIcann || rules.isEmpty()) {
			throw new IllegalStateException("The public suffix list has no ICANN section");
		}
		return new PublicSuffixes(rules, wildcardParents, exceptions);
	}

	private static int indexOfWhitespace(String line) {
		for (int i = 0; i < line.length(); i++) {
			if (Character.isWhitespace(line.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	// the list spells internationalised suffixes in Unicode; host names are compared in punycode
	private static String ascii(String rule) {
		return IDN.toASCII(rule, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
	}

	private static final class Holder {

		static final PublicSuffixes INSTANCE = loadBundled();

		private static PublicSuffixes loadBundled() {
			try (InputStream in = PublicSuffixes.class.getResourceAsStream(RESOURCE)) {
				if (in == null) {
					throw new IllegalStateException("Missing resource " + RESOURCE + " next to " + PublicSuffixes.class);
				}
				return load(in);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read the public suffix list", ex);
			}
		}

	}

}
