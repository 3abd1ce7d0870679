package io.github.sslstarter.core;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

import io.github.sslstarter.material.Identity;

/**
 * The key manager of a context with one or more identities: as a server it chooses per
 * connection, by the SNI name the client sent (an exact host name, then a {@code *.} wildcard,
 * then the defaults: the context's {@code identity} and the {@code identities} without host
 * names) and, within that name, by the key type JSSE asks for, which follows the signature
 * schemes and cipher suites the client supports (RSA, EC, EdDSA, RSASSA-PSS). It reads the name
 * from the handshake session, so sockets and engines are served alike. As a client it presents
 * the defaults through the JDK's own key manager, which also honours the server's list of
 * acceptable issuers.
 * <p>
 * Built once from the settings, which it checks: host names must be valid SNI names or
 * wildcards, and no name (nor the defaults) may have two identities of one key type.
 */
final class IdentityChooser extends X509ExtendedKeyManager {

	/** The alias of the context's own {@code identity}. */
	static final String DEFAULT_ALIAS = "identity";

	private final Map<String, Candidate> byAlias;

	private final Map<String, Map<String, Candidate>> exact;

	// keyed by the name without its first label: "*.example.com" is ".example.com"
	private final Map<String, Map<String, Candidate>> wildcards;

	private final Map<String, Candidate> defaults;

	private final boolean sniRequired;

	private final X509ExtendedKeyManager client;

	private IdentityChooser(Index index, boolean sniRequired, X509ExtendedKeyManager client) {
		this.byAlias = index.byAlias;
		this.exact = index.exact;
		this.wildcards = index.wildcards;
		this.defaults = index.defaults;
		this.sniRequired = sniRequired;
		this.client = client;
	}

	/**
	 * The chooser of these identities, or {@code null} when there are none.
	 * @param identity the context's identity, or {@code null}
	 * @param identities the further identities
	 * @param sniRequired whether a client's name must be one of the identities' host names
	 * @throws SslConfigurationException for an invalid host name, or two identities of one key
	 * type for one name
	 */
	static IdentityChooser of(Identity identity, List<HostIdentity> identities, boolean sniRequired) {
		Index index = new Index(identity, identities);
		if (sniRequired && index.exact.isEmpty() && index.wildcards.isEmpty()) {
			throw new SslConfigurationException("sni-required",
					"sni-required is true but no identity has host-names, so every client that sends a name"
							+ " would be refused",
					"list the names a client may ask for under identities[n].host-names, or remove sni-required");
		}
		if (index.byAlias.isEmpty()) {
			return null;
		}
		return new IdentityChooser(index, sniRequired, clientKeyManager(index.defaults.values()));
	}

	/**
	 * The server's SNI matcher when some identity has host names, else {@code null}. With
	 * {@code sni-required} it refuses, with an {@code unrecognized_name} alert, a client whose
	 * name no identity serves; without, it accepts every name. Either way JSSE then records the
	 * name in the session and resumes a session only for the name it was made for (RFC 6066,
	 * section 3): without a matcher it would resume a session of one name under another, whose
	 * certificate the client never saw. A client that sends no name is not refused by it.
	 */
	static SNIMatcher serverNameMatcher(SslSettings settings) {
		Index index = new Index(null, settings.identities());
		if (index.exact.isEmpty() && index.wildcards.isEmpty()) {
			return null;
		}
		return new KnownNames(index.exact.keySet(), index.wildcards.keySet(), !settings.sniRequired());
	}

	/**
	 * The first host name (exact, then wildcard), or the defaults, that identities of more than
	 * one key type serve, or {@code null} when each has one: what a server that presents one
	 * certificate per connection, whatever the client supports, cannot serve (Conscrypt). The
	 * defaults count only when some identity has host names: without, the context may be a
	 * client's, which presents one of its defaults by the server's key types.
	 */
	static MixedKeyTypes mixedKeyTypes(SslSettings settings) {
		Index index = new Index(settings.identity(), settings.identities());
		for (Map.Entry<String, Map<String, Candidate>> group : index.exact.entrySet()) {
			MixedKeyTypes mixed = mixed(index, group.getKey(), group.getValue());
			if (mixed != null) {
				return mixed;
			}
		}
		for (Map.Entry<String, Map<String, Candidate>> group : index.wildcards.entrySet()) {
			MixedKeyTypes mixed = mixed(index, "*" + group.getKey(), group.getValue());
			if (mixed != null) {
				return mixed;
			}
		}
		if (index.exact.isEmpty() && index.wildcards.isEmpty()) {
			return null;
		}
		return mixed(index, null, index.defaults);
	}

	private static MixedKeyTypes mixed(Index index, String name, Map<String, Candidate> group) {
		if (group.size() < 2) {
			return null;
		}
		List<Candidate> candidates = new ArrayList<>(group.values());
		Candidate first = candidates.get(0);
		Candidate second = candidates.get(1);
		String property = (name != null) ? index.claims.get(name + " " + second.keyType()) : second.source();
		String other = (name != null) ? index.claims.get(name + " " + first.keyType()) : first.source();
		return new MixedKeyTypes(name, property, other, first.keyType(), second.keyType());
	}

	/**
	 * A host name ({@code null}: the defaults) served by identities of two key types.
	 * @param name the host name, {@code null} for the defaults
	 * @param property where the second identity claims it
	 * @param other where the first identity claims it
	 * @param firstKeyType the first identity's key type
	 * @param secondKeyType the second identity's key type
	 */
	record MixedKeyTypes(String name, String property, String other, String firstKeyType, String secondKeyType) {
	}

	// the key type as JSSE asks for it: RSA, EC, EdDSA, RSASSA-PSS (or DSA)
	private static String keyType(String algorithm) {
		return switch (algorithm.toUpperCase(Locale.ROOT)) {
			case "EC", "ECDSA" -> "EC";
			case "EDDSA", "ED25519", "ED448" -> "EdDSA";
			case "RSASSA-PSS", "RSAPSS" -> "RSASSA-PSS";
			default -> algorithm;
		};
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		SSLSession session = (socket instanceof SSLSocket ssl) ? ssl.getHandshakeSession() : null;
		return choose(keyType, requestedName(session));
	}

	@Override
	public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
		return choose(keyType, requestedName((engine != null) ? engine.getHandshakeSession() : null));
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		String[] aliases = this.byAlias.values()
			.stream()
			.filter((candidate) -> candidate.fits(keyType))
			.map(Candidate::alias)
			.toArray(String[]::new);
		return (aliases.length > 0) ? aliases : null;
	}

	@Override
	public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
		return (this.client != null) ? this.client.chooseClientAlias(keyType, issuers, socket) : null;
	}

	@Override
	public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
		return (this.client != null) ? this.client.chooseEngineClientAlias(keyType, issuers, engine) : null;
	}

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		return (this.client != null) ? this.client.getClientAliases(keyType, issuers) : null;
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		Candidate candidate = (alias != null) ? this.byAlias.get(alias) : null;
		return (candidate != null) ? candidate.identity().chain().toArray(new X509Certificate[0]) : null;
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		Candidate candidate = (alias != null) ? this.byAlias.get(alias) : null;
		return (candidate != null) ? candidate.identity().privateKey() : null;
	}

	private String choose(String keyType, String name) {
		Map<String, Candidate> group = group(name);
		if (group == null) {
			return null;
		}
		for (Candidate candidate : group.values()) {
			if (candidate.fits(keyType)) {
				return candidate.alias();
			}
		}
		return null;
	}

	// the name decides the group; a name with identities of its own never falls back to the defaults
	private Map<String, Candidate> group(String name) {
		if (name == null) {
			return this.defaults;
		}
		Map<String, Candidate> group = this.exact.get(name);
		if (group == null) {
			String parent = parent(name);
			group = (parent != null) ? this.wildcards.get(parent) : null;
		}
		if (group != null) {
			return group;
		}
		// JSSE refuses an unknown name before it asks us when sni-required; this holds without it too
		return this.sniRequired ? null : this.defaults;
	}

	private static String requestedName(SSLSession session) {
		if (!(session instanceof ExtendedSSLSession extended)) {
			return null;
		}
		List<SNIServerName> names;
		try {
			names = extended.getRequestedServerNames();
		}
		catch (UnsupportedOperationException ex) {
			return null;
		}
		for (SNIServerName name : (names != null) ? names : List.<SNIServerName>of()) {
			if (name.getType() == StandardConstants.SNI_HOST_NAME) {
				return asciiName(name);
			}
		}
		return null;
	}

	private static String asciiName(SNIServerName name) {
		try {
			SNIHostName host = (name instanceof SNIHostName given) ? given : new SNIHostName(name.getEncoded());
			return host.getAsciiName().toLowerCase(Locale.ROOT);
		}
		catch (IllegalArgumentException ex) {
			return "";
		}
	}

	// "a.example.com" -> ".example.com"; a single label has no parent a wildcard could cover
	private static String parent(String name) {
		int dot = name.indexOf('.');
		return (dot > 0 && dot < name.length() - 1) ? name.substring(dot) : null;
	}

	private static X509ExtendedKeyManager clientKeyManager(Iterable<Candidate> defaults) {
		try {
			char[] password = new char[0];
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			boolean any = false;
			for (Candidate candidate : defaults) {
				store.setKeyEntry(candidate.alias(), candidate.identity().privateKey(), password,
						candidate.identity().chain().toArray(new X509Certificate[0]));
				any = true;
			}
			if (!any) {
				return null;
			}
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(store, password);
			for (KeyManager manager : factory.getKeyManagers()) {
				if (manager instanceof X509ExtendedKeyManager extended) {
					return extended;
				}
			}
			throw new GeneralSecurityException("The key manager factory returned no X509ExtendedKeyManager");
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new SslConfigurationException("identity", "the identity cannot be used: " + ex.getMessage(),
					"check the private key and certificate", ex);
		}
	}

	/** One identity: its alias, where it was configured, its key type. */
	private record Candidate(String alias, String source, String keyType, Identity identity) {

		// JSSE asks for a key algorithm ("EC"), or in old TLS 1.2 suites a key and signature ("EC_RSA")
		boolean fits(String requested) {
			if (requested == null) {
				return false;
			}
			int underscore = requested.indexOf('_');
			String key = (underscore > 0) ? requested.substring(0, underscore) : requested;
			if (!this.keyType.equalsIgnoreCase(IdentityChooser.keyType(key))) {
				return false;
			}
			if (underscore < 0) {
				return true;
			}
			String signature = requested.substring(underscore + 1).toUpperCase(Locale.ROOT);
			return this.identity.certificate().getSigAlgName().toUpperCase(Locale.ROOT).contains("WITH" + signature);
		}

	}

	/** The identities by alias, by exact name, by wildcard and as defaults, checked. */
	private static final class Index {

		private final Map<String, Candidate> byAlias = new LinkedHashMap<>();

		private final Map<String, Map<String, Candidate>> exact = new LinkedHashMap<>();

		private final Map<String, Map<String, Candidate>> wildcards = new LinkedHashMap<>();

		private final Map<String, Candidate> defaults = new LinkedHashMap<>();

		// where each name was claimed for each key type, for the message naming both
		private final Map<String, String> claims = new LinkedHashMap<>();

		Index(Identity identity, List<HostIdentity> identities) {
			if (identity != null) {
				addDefault(new Candidate(DEFAULT_ALIAS, "identity", keyType(identity.privateKey().getAlgorithm()),
						identity));
			}
			for (int i = 0; i < identities.size(); i++) {
				HostIdentity host = identities.get(i);
				String source = (host.source() != null) ? host.source() : "identities[" + i + "]";
				Candidate candidate = new Candidate("identities[" + i + "]", source,
						keyType(host.identity().privateKey().getAlgorithm()), host.identity());
				this.byAlias.put(candidate.alias(), candidate);
				if (host.hostNames().isEmpty()) {
					addDefault(candidate);
					continue;
				}
				Set<String> names = new LinkedHashSet<>();
				for (int j = 0; j < host.hostNames().size(); j++) {
					String property = source + ".host-names[" + j + "]";
					String name = normalise(host.hostNames().get(j), property);
					if (names.add(name)) {
						claim(name, candidate, property);
					}
				}
			}
		}

		private void addDefault(Candidate candidate) {
			Candidate other = this.defaults.putIfAbsent(candidate.keyType(), candidate);
			if (other != null) {
				throw new SslConfigurationException(candidate.source(),
						other.source() + " and " + candidate.source() + " are both defaults (no host-names) with "
								+ article(candidate.keyType()) + " key, and a client of that key type can get only one",
						"give " + candidate.source() + " the host-names it is for, or make it a certificate of another"
								+ " key type (RSA, EC, EdDSA, RSASSA-PSS)");
			}
			this.byAlias.put(candidate.alias(), candidate);
		}

		private void claim(String name, Candidate candidate, String property) {
			boolean wildcard = name.startsWith("*.");
			Map<String, Map<String, Candidate>> groups = wildcard ? this.wildcards : this.exact;
			String key = wildcard ? name.substring(1) : name;
			Candidate other = groups.computeIfAbsent(key, (k) -> new LinkedHashMap<>())
				.putIfAbsent(candidate.keyType(), candidate);
			String claimKey = name + " " + candidate.keyType();
			if (other != null) {
				throw new SslConfigurationException(property,
						"the host name '" + name + "' is claimed by " + this.claims.get(claimKey) + " and " + property
								+ ", both with " + article(candidate.keyType()) + " key",
						"give each host name one identity per key type (RSA, EC, EdDSA, RSASSA-PSS): remove '" + name
								+ "' from one of them");
			}
			this.claims.put(claimKey, property);
		}

		private static String normalise(String given, String property) {
			if (given == null || given.isBlank()) {
				throw new SslConfigurationException(property, "the host name is empty",
						"give a host name such as a.example.com, or a wildcard such as *.example.com");
			}
			String name = given.trim();
			if (name.endsWith(".")) {
				name = name.substring(0, name.length() - 1);
			}
			boolean wildcard = name.startsWith("*.");
			String rest = wildcard ? name.substring(2) : name;
			if (rest.indexOf('*') >= 0) {
				throw new SslConfigurationException(property,
						"'" + given + "' has a wildcard that is not the whole first label",
						"write a wildcard as *.example.com (it covers one label: a.example.com, not example.com"
								+ " or a.b.example.com)");
			}
			if (HostNames.isIpLiteral(rest)) {
				throw new SslConfigurationException(property, "'" + given + "' is an IP address, which SNI cannot carry",
						"give host names; a client connecting by address sends no name and gets the default identity");
			}
			try {
				String ascii = new SNIHostName(rest).getAsciiName().toLowerCase(Locale.ROOT);
				return wildcard ? "*." + ascii : ascii;
			}
			catch (IllegalArgumentException ex) {
				throw new SslConfigurationException(property,
						"'" + given + "' is not a valid SNI host name: " + ex.getMessage(),
						"give a host name of letters, digits, hyphens and dots, or a wildcard such as *.example.com");
			}
		}

		private static String article(String keyType) {
			return (keyType.startsWith("E") || keyType.startsWith("R")) ? "an " + keyType : "a " + keyType;
		}

	}

	/**
	 * Accepts the SNI names some identity serves (or every name, without {@code sni-required});
	 * JSSE alerts {@code unrecognized_name} for the rest.
	 */
	private static final class KnownNames extends SNIMatcher {

		private final Set<String> exact;

		private final Set<String> wildcards;

		private final boolean acceptsUnknown;

		KnownNames(Set<String> exact, Set<String> wildcards, boolean acceptsUnknown) {
			super(StandardConstants.SNI_HOST_NAME);
			this.exact = Set.copyOf(exact);
			this.wildcards = Set.copyOf(wildcards);
			this.acceptsUnknown = acceptsUnknown;
		}

		@Override
		public boolean matches(SNIServerName serverName) {
			if (this.acceptsUnknown) {
				return true;
			}
			String name = asciiName(serverName);
			if (this.exact.contains(name)) {
				return true;
			}
			String parent = parent(name);
			return parent != null && this.wildcards.contains(parent);
		}

		@Override
		public String toString() {
			List<String> names = new ArrayList<>(this.exact);
			this.wildcards.forEach((suffix) -> names.add("*" + suffix));
			return "KnownNames" + names + (this.acceptsUnknown ? " and any other" : "");
		}

	}

}
