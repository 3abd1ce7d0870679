package io.github.sslstarter.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The OpenSSL cipher-string language (ciphers(1) of OpenSSL 3.0) and IANA names, resolved against
 * the suites the running JVM has. TLS 1.3 suites are configured apart, with {@link #resolveTls13},
 * as OpenSSL's {@code -ciphersuites}.
 * <p>
 * Semantics follow OpenSSL: the list starts empty with every suite in OpenSSL's intrinsic order; a
 * plain element appends the matching suites not yet present, {@code -} deletes them (they can come
 * back), {@code !} deletes them for good, {@code +} moves present ones to the end, {@code A+B}
 * matches suites that are both, {@code @STRENGTH} sorts by key length (stable), a leading
 * {@code DEFAULT} stands for {@code ALL:!COMPLEMENTOFDEFAULT:!eNULL}. Unlike OpenSSL, unknown
 * elements are errors rather than silently ignored, IANA names are accepted as single suites, and
 * {@code @SECLEVEL=n} removes what OpenSSL's security level n would refuse to negotiate.
 */
public final class CipherSpec {

	/** What a null or blank cipher string means: forward-secret AEAD suites in OpenSSL's order. */
	public static final String DEFAULT_CIPHERS = "DEFAULT:!kRSA:!CBC";

	/** The expansion of a leading {@code DEFAULT} in OpenSSL 3.0. */
	static final String OPENSSL_DEFAULT = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

	private static final Set<String> TLS13_SUITES = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
			"TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

	/** Bits of security per OpenSSL security level (SSL_CTX_set_security_level(3)). */
	private static final int[] LEVEL_BITS = { 0, 80, 112, 128, 192, 256 };

	private CipherSpec() {
	}

	/**
	 * Resolves an OpenSSL cipher string or list of IANA names (null or blank:
	 * {@link #DEFAULT_CIPHERS}) against the TLS 1.2-and-earlier suites in {@code supported}, in
	 * OpenSSL's order, returning IANA names.
	 * @param spec the cipher string
	 * @param supported the suites the JVM's provider supports (TLS 1.3 suites among them are ignored)
	 * @return the suites to enable, most preferred first, never empty
	 * @throws SpecException when an element is unknown or refused, or nothing usable is left; the
	 * message then shows what each element added and removed
	 */
	public static List<String> resolve(String spec, Collection<String> supported) {
		Resolution resolution = new Resolution(effective(spec), supported);
		List<String> result = resolution.run();
		if (result.isEmpty()) {
			throw new SpecException("Cipher string '" + effective(spec) + "' leaves no cipher suite this JVM supports: "
					+ String.join(", ", resolution.trace));
		}
		return result;
	}

	/**
	 * What each element of the cipher string did to the list, counted in suites this JVM supports,
	 * e.g. {@code ["HIGH: +30", "!aRSA: -12", ..., "result: 18 suites"]}.
	 * @param spec the cipher string (null or blank: {@link #DEFAULT_CIPHERS})
	 * @param supported the suites the JVM's provider supports
	 * @return one line per element, and a last line with the result's size
	 * @throws SpecException when an element is unknown or refused
	 */
	public static List<String> explain(String spec, Collection<String> supported) {
		Resolution resolution = new Resolution(effective(spec), supported);
		resolution.run();
		return List.copyOf(resolution.trace);
	}

	/**
	 * Resolves the TLS 1.3 suites: IANA names separated by {@code :} (or commas or spaces), as
	 * OpenSSL's {@code -ciphersuites}; null or blank: all TLS 1.3 suites in {@code supported}.
	 * @param spec the TLS 1.3 suite list
	 * @param supported the suites the JVM's provider supports
	 * @return the TLS 1.3 suites to enable, in the given order
	 * @throws SpecException when a name is not a TLS 1.3 suite or this JVM lacks it
	 */
	public static List<String> resolveTls13(String spec, Collection<String> supported) {
		if (spec == null || spec.isBlank()) {
			return supported.stream().filter(TLS13_SUITES::contains).toList();
		}
		Set<String> result = new LinkedHashSet<>();
		for (String element : spec.trim().split("[:,;\\s]+")) {
			String name = element.toUpperCase(Locale.ROOT);
			if (!TLS13_SUITES.contains(name)) {
				throw new SpecException("'" + element + "' is not a TLS 1.3 cipher suite; TLS 1.3 suites are "
						+ String.join(", ", TLS13_SUITES.stream().sorted().toList())
						+ " (TLS 1.2 suites belong in the cipher string)");
			}
			if (!supported.contains(name)) {
				throw new SpecException("TLS 1.3 cipher suite " + name + " is not supported by this JVM; it supports "
						+ String.join(", ", supported.stream().filter(TLS13_SUITES::contains).toList()));
			}
			result.add(name);
		}
		return List.copyOf(result);
	}

	static boolean isTls13Suite(String name) {
		return TLS13_SUITES.contains(name);
	}

	private static String effective(String spec) {
		return (spec == null || spec.isBlank()) ? DEFAULT_CIPHERS : spec.trim();
	}

	private enum Operation {

		ADD(""), DELETE("-"), KILL("!"), MOVE_TO_END("+");

		private final String prefix;

		Operation(String prefix) {
			this.prefix = prefix;
		}

	}

	/** One run of the language over the suites OpenSSL knows plus any others the JVM has. */
	private static final class Resolution {

		private final String spec;

		private final Set<String> supported;

		private final List<CipherSuite> list = new ArrayList<>();

		private final Set<CipherSuite> active = new HashSet<>();

		private final List<String> trace = new ArrayList<>();

		private int securityLevel = -1;

		Resolution(String spec, Collection<String> supported) {
			this.spec = spec;
			this.supported = new HashSet<>(supported);
			this.list.addAll(CipherSuiteTable.SUITES);
			for (String name : supported) {
				// Suites OpenSSL does not know still resolve by their IANA name.
				if (CipherSuiteTable.find(name) == null && !isTls13Suite(name)) {
					this.list.add(CipherSuite.foreign(this.list.size(), name));
				}
			}
		}

		List<String> run() {
			String rest = this.spec;
			if (rest.startsWith("DEFAULT")) {
				// As OpenSSL: only a leading DEFAULT is special, and it may be followed directly by a rule.
				int before = usable().size();
				for (String element : elements(OPENSSL_DEFAULT)) {
					apply(element, false);
				}
				this.trace.add("DEFAULT (" + OPENSSL_DEFAULT + "): +" + (usable().size() - before));
				rest = rest.substring("DEFAULT".length());
				if (rest.startsWith(":")) {
					rest = rest.substring(1);
				}
			}
			for (String element : elements(rest)) {
				apply(element, true);
			}
			if (this.securityLevel > 0) {
				int before = usable().size();
				this.active.removeIf((suite) -> !allowedAt(this.securityLevel, suite));
				this.trace.add("security level " + this.securityLevel + ": -" + (before - usable().size()));
			}
			List<String> result = usable();
			this.trace.add("result: " + result.size() + " suites");
			return result;
		}

		private static List<String> elements(String spec) {
			List<String> elements = new ArrayList<>();
			for (String element : spec.split("[:,;\\s]+")) {
				if (!element.isEmpty()) {
					elements.add(element);
				}
			}
			return elements;
		}

		private List<String> usable() {
			List<String> result = new ArrayList<>();
			for (CipherSuite suite : this.list) {
				if (this.active.contains(suite) && this.supported.contains(suite.ianaName())) {
					result.add(suite.ianaName());
				}
			}
			return result;
		}

		private void apply(String element, boolean traced) {
			Operation operation = switch (element.charAt(0)) {
				case '!' -> Operation.KILL;
				case '-' -> Operation.DELETE;
				case '+' -> Operation.MOVE_TO_END;
				default -> Operation.ADD;
			};
			String body = (operation != Operation.ADD) ? element.substring(1) : element;
			if (body.isEmpty()) {
				throw new SpecException("Empty element '" + element + "' in cipher string '" + this.spec + "'");
			}
			if (body.startsWith("@")) {
				special(element, body, traced);
				return;
			}
			if ("DEFAULT".equals(body)) {
				throw new SpecException("DEFAULT may only start a cipher string (OpenSSL ignores it elsewhere): '"
						+ this.spec + "'");
			}
			Predicate<CipherSuite> test = matcher(body);
			List<String> before = usable();
			int moved = 0;
			switch (operation) {
				case ADD -> {
					for (CipherSuite suite : List.copyOf(this.list)) {
						if (test.test(suite) && !this.active.contains(suite)) {
							this.list.remove(suite);
							this.list.add(suite);
							this.active.add(suite);
						}
					}
				}
				case DELETE -> {
					// Walking backwards keeps the deleted suites' order as they go to the front, where
					// a later addition finds them first.
					List<CipherSuite> snapshot = List.copyOf(this.list);
					for (int i = snapshot.size() - 1; i >= 0; i--) {
						CipherSuite suite = snapshot.get(i);
						if (test.test(suite) && this.active.remove(suite)) {
							this.list.remove(suite);
							this.list.add(0, suite);
						}
					}
				}
				case KILL -> {
					this.list.removeIf(test);
					this.active.removeIf(test);
				}
				case MOVE_TO_END -> {
					for (CipherSuite suite : List.copyOf(this.list)) {
						if (test.test(suite) && this.active.contains(suite)) {
							this.list.remove(suite);
							this.list.add(suite);
							moved += this.supported.contains(suite.ianaName()) ? 1 : 0;
						}
					}
				}
			}
			if (traced) {
				this.trace.add(describe(element, operation, before, usable(), moved, test));
			}
		}

		private String describe(String element, Operation operation, List<String> before, List<String> after,
				int moved, Predicate<CipherSuite> test) {
			if (operation == Operation.MOVE_TO_END) {
				return element + ": moved " + moved + " to the end";
			}
			Set<String> added = new LinkedHashSet<>(after);
			before.forEach(added::remove);
			Set<String> removed = new LinkedHashSet<>(before);
			after.forEach(removed::remove);
			String line = element + ": " + ((operation == Operation.ADD) ? "+" + added.size() : "-" + removed.size());
			if (operation == Operation.ADD && added.isEmpty()) {
				long known = CipherSuiteTable.SUITES.stream().filter(test).count();
				long unusable = CipherSuiteTable.SUITES.stream()
					.filter(test)
					.filter((s) -> !this.supported.contains(s.ianaName()))
					.count();
				line += (known == 0) ? " (matches no suite)"
						: (unusable == known) ? " (" + known + " matching, none supported by this JVM)"
								: " (already present or deleted with !)";
			}
			return line;
		}

		private void special(String element, String body, boolean traced) {
			if ("@STRENGTH".equals(body)) {
				// OpenSSL moves the active suites to the end, strongest key length first, stably.
				List<CipherSuite> sorted = new ArrayList<>(this.list.stream().filter(this.active::contains).toList());
				sorted.sort((a, b) -> Integer.compare(b.bits(), a.bits()));
				this.list.removeAll(sorted);
				this.list.addAll(sorted);
				if (traced) {
					this.trace.add(element + ": sorted " + usable().size() + " by key length");
				}
				return;
			}
			if (body.startsWith("@SECLEVEL=")) {
				String value = body.substring("@SECLEVEL=".length());
				if (!value.matches("[0-5]")) {
					throw new SpecException("'" + element + "': the security level must be 0 to 5");
				}
				this.securityLevel = Integer.parseInt(value);
				if (traced) {
					this.trace.add(element + ": level " + this.securityLevel + " (applied at the end)");
				}
				return;
			}
			throw new SpecException("Unknown special element '" + element + "' in cipher string '" + this.spec
					+ "'; known: @STRENGTH, @SECLEVEL=n");
		}

		private Predicate<CipherSuite> matcher(String body) {
			Predicate<CipherSuite> result = (suite) -> true;
			for (String part : body.split("\\+", -1)) {
				result = result.and(single(part, body));
			}
			return result;
		}

		private Predicate<CipherSuite> single(String part, String body) {
			if (part.isEmpty()) {
				throw new SpecException("Empty part in '" + body + "' of cipher string '" + this.spec + "'");
			}
			Predicate<CipherSuite> keyword = CipherKeywords.keyword(part);
			if (keyword != null) {
				return keyword;
			}
			String refusal = CipherKeywords.refusal(part);
			if (refusal != null) {
				throw new SpecException("Cipher keyword '" + part + "' is refused: " + refusal);
			}
			CipherSuite named = CipherSuiteTable.find(part);
			if (named != null) {
				return (suite) -> suite == named;
			}
			for (CipherSuite suite : this.list) {
				if (!suite.known() && suite.ianaName().equals(part)) {
					return (candidate) -> candidate == suite;
				}
			}
			if (isTls13Suite(part.toUpperCase(Locale.ROOT))) {
				throw new SpecException("'" + part + "' is a TLS 1.3 suite; TLS 1.3 suites are configured apart "
						+ "from the cipher string (as OpenSSL's -ciphersuites)");
			}
			String hint = CipherKeywords.caseInsensitiveMatch(part);
			throw new SpecException("Unknown cipher keyword or suite '" + part + "' in cipher string '" + this.spec
					+ "'" + ((hint != null) ? " (keywords are case-sensitive: did you mean " + hint + "?)" : ""));
		}

	}

	/** Whether OpenSSL's security level would let {@code suite} be negotiated. */
	static boolean allowedAt(int level, CipherSuite suite) {
		if (level <= 0 || !suite.known()) {
			return true;
		}
		int minimum = LEVEL_BITS[level];
		if (suite.bits() < minimum || "None".equals(suite.au()) || "MD5".equals(suite.mac())) {
			return false;
		}
		if (minimum > 160 && "SHA1".equals(suite.mac())) {
			return false;
		}
		if (level >= 2 && "RC4".equals(suite.enc())) {
			return false;
		}
		boolean forwardSecret = Set.of("DH", "ECDH", "DHEPSK", "ECDHEPSK").contains(suite.kx());
		return level < 3 || forwardSecret;
	}

}
