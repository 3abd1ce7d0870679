package io.github.sslstarter.spec;

import java.lang.System.Logger.Level;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;

/**
 * The OpenSSL cipher-string language (ciphers(1) of OpenSSL 3.0) and IANA names, resolved against
 * the suites the running JVM has. TLS 1.3 suites are configured apart, with {@link #resolveTls13},
 * as OpenSSL's {@code -ciphersuites}.
 * <p>
 * Semantics follow OpenSSL: the list starts empty with every suite in OpenSSL's intrinsic order; a
 * plain element appends the matching suites not yet present, {@code -} deletes them (they can come
 * back), {@code !} deletes them for good, {@code +} moves present ones to the end, {@code A+B}
 * matches suites that are both, {@code @STRENGTH} sorts by key length (stable), a leading
 * {@code DEFAULT} stands for {@code ALL:!COMPLEMENTOFDEFAULT:!eNULL}.
 * <p>
 * Every keyword and suite name OpenSSL has had is known, including those OpenSSL dropped before
 * 3.0 ({@code EXP}, {@code SSLv2}, {@code KRB5}, {@code FZA}, {@code EXP-RC4-MD5}, ...): those mean
 * what they meant, over the suites OpenSSL dropped with them, so they usually match nothing this
 * JVM has and contribute nothing, as OpenSSL 3 ignores them; {@link #resolution} names such
 * elements. Unlike OpenSSL, a word OpenSSL never knew ({@code HIHG}) is an error naming it, IANA
 * names are accepted as single suites, and {@code @SECLEVEL=n} removes what OpenSSL's security level
 * n would refuse to negotiate. An empty string means the provider's own default suites, as
 * IO::Socket::SSL's {@code SSL_cipher_list => ''} means OpenSSL's built-in default.
 */
public final class CipherSpec {

	/** What a null cipher string means: forward-secret AEAD suites in OpenSSL's order. */
	public static final String DEFAULT_CIPHERS = "DEFAULT:!kRSA:!CBC";

	private static final System.Logger logger = System.getLogger(CipherSpec.class.getName());

	/** The expansion of a leading {@code DEFAULT} in OpenSSL 3.0. */
	static final String OPENSSL_DEFAULT = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

	private static final Set<String> TLS13_SUITES = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
			"TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

	/** Bits of security per OpenSSL security level (SSL_CTX_set_security_level(3)). */
	private static final int[] LEVEL_BITS = { 0, 80, 112, 128, 192, 256 };

	private CipherSpec() {
	}

	/**
	 * Resolves an OpenSSL cipher string or list of IANA names (null: {@link #DEFAULT_CIPHERS};
	 * empty or blank: the default suites of the JVM's default provider) against the TLS
	 * 1.2-and-earlier suites in {@code supported}, in OpenSSL's order, returning IANA names. Elements
	 * that match no suite this JVM supports are logged in one INFO line; callers that log with
	 * their own context use {@link #resolution} instead.
	 * @param spec the cipher string
	 * @param supported the suites the JVM's provider supports (TLS 1.3 suites among them are ignored)
	 * @return the suites to enable, most preferred first, never empty
	 * @throws SpecException when an element is unknown or refused, or nothing usable is left; the
	 * message then shows what each element added and removed
	 */
	public static List<String> resolve(String spec, Collection<String> supported) {
		CipherResolution resolution = resolution(spec, supported, null);
		if (!resolution.unmatched().isEmpty()) {
			logger.log(Level.INFO, "Cipher string '" + effective(spec) + "': "
					+ String.join(", ", resolution.unmatched())
					+ " match no cipher suite this JVM supports and add nothing");
		}
		return resolution.suites();
	}

	/**
	 * Resolves like {@link #resolve(String, Collection)}, with the default suites of the JVM's
	 * default provider for an empty string, and without logging.
	 * @param spec the cipher string
	 * @param supported the suites the JVM's provider supports
	 * @return the suites and the elements that matched no suite this JVM supports
	 * @throws SpecException when an element is unknown or refused, or nothing usable is left
	 */
	public static CipherResolution resolution(String spec, Collection<String> supported) {
		return resolution(spec, supported, null);
	}

	/**
	 * Resolves like {@link #resolve(String, Collection)}, without logging.
	 * @param spec the cipher string (null: {@link #DEFAULT_CIPHERS}; empty or blank: {@code
	 * providerDefaults})
	 * @param supported the suites the provider supports
	 * @param providerDefaults the suites the provider enables by default (its
	 * {@code getDefaultSSLParameters()}), or null for those of the JVM's default provider
	 * @return the suites and the elements that matched no suite this JVM supports
	 * @throws SpecException when an element is unknown or refused, or nothing usable is left
	 */
	public static CipherResolution resolution(String spec, Collection<String> supported,
			Collection<String> providerDefaults) {
		if (spec != null && spec.isBlank()) {
			List<String> defaults = providerDefaults(supported, providerDefaults);
			if (defaults.isEmpty()) {
				throw new SpecException("Cipher string '' (the provider's default suites) leaves no TLS 1.2 "
						+ "cipher suite this JVM supports");
			}
			return new CipherResolution(defaults, List.of());
		}
		Resolution resolution = new Resolution(effective(spec), supported);
		List<String> result = resolution.run();
		if (result.isEmpty()) {
			throw new SpecException("Cipher string '" + effective(spec) + "' leaves no cipher suite this JVM supports: "
					+ String.join(", ", resolution.trace));
		}
		return new CipherResolution(result, resolution.unmatched);
	}

	/**
	 * What each element of the cipher string did to the list, counted in suites this JVM supports,
	 * e.g. {@code ["HIGH: +30", "!aRSA: -12", ..., "result: 18 suites"]}.
	 * @param spec the cipher string (null: {@link #DEFAULT_CIPHERS}; empty: the provider's defaults)
	 * @param supported the suites the JVM's provider supports
	 * @return one line per element, and a last line with the result's size
	 * @throws SpecException when an element is unknown or refused
	 */
	public static List<String> explain(String spec, Collection<String> supported) {
		if (spec != null && spec.isBlank()) {
			List<String> defaults = providerDefaults(supported, null);
			return List.of("'' (the provider's default suites): +" + defaults.size(),
					"result: " + defaults.size() + " suites");
		}
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
		return (spec == null) ? DEFAULT_CIPHERS : spec.trim();
	}

	/** The provider's default TLS 1.2-and-earlier suites, in its order, that it supports. */
	private static List<String> providerDefaults(Collection<String> supported, Collection<String> providerDefaults) {
		Collection<String> defaults = providerDefaults;
		if (defaults == null) {
			try {
				defaults = List.of(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
			}
			catch (NoSuchAlgorithmException ex) {
				throw new SpecException("Cipher string '' needs the provider's default suites, which cannot be read: "
						+ ex.getMessage());
			}
		}
		Set<String> available = new HashSet<>(supported);
		return defaults.stream().filter(available::contains).filter((name) -> !isTls13Suite(name)).toList();
	}

	/** The name under which the JVM offers {@code suite}: its IANA name or JSSE's SSL_ spelling of it. */
	private static String jvmName(CipherSuite suite, Set<String> supported) {
		String iana = suite.ianaName();
		if (supported.contains(iana)) {
			return iana;
		}
		if (iana.startsWith("TLS_") && supported.contains("SSL_" + iana.substring(4))) {
			return "SSL_" + iana.substring(4);
		}
		return null;
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

		private final List<String> unmatched = new ArrayList<>();

		private int securityLevel = -1;

		Resolution(String spec, Collection<String> supported) {
			this.spec = spec;
			this.supported = new HashSet<>(supported);
			this.list.addAll(CipherSuiteTable.SUITES);
			for (String name : supported) {
				// Suites OpenSSL does not know still resolve by their IANA name.
				if (CipherSuiteTable.find(name) == null && !isTls13Suite(name) && !"-".equals(name)) {
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
				// As OpenSSL, a special command may follow an element without a separator
				// ("!LOW@STRENGTH", Dovecot's default).
				int at = element.indexOf('@', 1);
				if (at > 0) {
					elements.add(element.substring(0, at));
					element = element.substring(at);
				}
				if (!element.isEmpty()) {
					elements.add(element);
				}
			}
			return elements;
		}

		private List<String> usable() {
			List<String> result = new ArrayList<>();
			for (CipherSuite suite : this.list) {
				String name = this.active.contains(suite) ? jvmName(suite, this.supported) : null;
				if (name != null) {
					result.add(name);
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
			if (traced && this.list.stream().noneMatch((suite) -> test.test(suite) && jvmName(suite, this.supported) != null)) {
				this.unmatched.add(element);
			}
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
							moved += (jvmName(suite, this.supported) != null) ? 1 : 0;
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
					.filter((s) -> jvmName(s, this.supported) == null)
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

		/**
		 * The suites {@code body} ({@code A} or {@code A+B+...}) selects. A word OpenSSL dropped before
		 * 3.0 selects among the suites it dropped with it, never one OpenSSL 3 still has (which
		 * OpenSSL 3, ignoring the word, would not select); other words select among OpenSSL 3's suites
		 * and those only the JVM knows.
		 */
		private Predicate<CipherSuite> matcher(String body) {
			Predicate<CipherSuite> result = (suite) -> true;
			boolean legacy = false;
			for (String part : body.split("\\+", -1)) {
				Part single = single(part, body);
				result = result.and(single.test());
				legacy |= single.legacy();
			}
			return legacy ? result.and((suite) -> suite.known() && !suite.current())
					: result.and((suite) -> suite.current() || !suite.known());
		}

		private Part single(String part, String body) {
			if (part.isEmpty()) {
				throw new SpecException("Empty part in '" + body + "' of cipher string '" + this.spec + "'");
			}
			CipherKeywords.Keyword keyword = CipherKeywords.keyword(part);
			if (keyword != null) {
				return new Part(keyword.test(), keyword.legacy());
			}
			String refusal = CipherKeywords.refusal(part);
			if (refusal != null) {
				throw new SpecException("Cipher keyword '" + part + "' is refused: " + refusal);
			}
			CipherSuite named = CipherSuiteTable.find(part);
			if (named != null) {
				return new Part((suite) -> suite == named, !named.current());
			}
			for (CipherSuite suite : this.list) {
				if (!suite.known() && suite.ianaName().equals(part)) {
					return new Part((candidate) -> candidate == suite, false);
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

	/** One word of an element, and whether it is one OpenSSL dropped before 3.0. */
	private record Part(Predicate<CipherSuite> test, boolean legacy) {
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
