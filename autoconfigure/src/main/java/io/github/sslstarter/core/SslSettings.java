package io.github.sslstarter.core;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.verify.ChainCallback;
import io.github.sslstarter.verify.HostnameScheme;
import io.github.sslstarter.verify.Pins;
import io.github.sslstarter.verify.SecurityLevel;

/**
 * Everything one TLS context is made of: immutable, built once, shared by every socket of
 * that context. Material is already loaded; protocol and cipher specifications are still in
 * their written form and are resolved by {@link SslContextFactory} against the running JVM.
 * Its {@code toString} shows no secret.
 * <p>
 * Each component is named after its property, its words camel-cased with the group first
 * ({@code verify.name} is {@code verifyName}, {@code trust.system-defaults} is
 * {@code trustSystemDefaults}, {@code session-cache.size} is {@code sessionCacheSize}), except
 * timeouts, which end in the word as Java's own do ({@code timeouts.connect} is
 * {@code connectTimeout}); material loaded from several properties is named for what it holds
 * ({@code trustedCertificates}, {@code crls}). A new setting is one component here and one field
 * with its default and setter in the {@link Builder}, of the same name: building and
 * {@link #toBuilder()} copy by name.
 *
 * @param name the context's name ({@code primary} for the top level)
 * @param identity our key and certificate chain, or {@code null}; as a server, the default for
 * clients that send no SNI name or one no {@code identities} entry serves
 * @param identities further server identities, chosen by SNI host name and key type
 * ({@link HostIdentity}); those without host names are further defaults of other key types
 * @param trustedCertificates extra trust anchors (trust.ca-file, trust.ca-path, trust.bundle)
 * @param trustSystemDefaults whether the JDK's default trust anchors are trusted too
 * @param crls certificate revocation lists to check chains against (trust.crl-file and the CA directory's)
 * @param protocols the protocol specification (JSSE names or IO::Socket::SSL syntax); null: TLS 1.2 and 1.3
 * @param ciphers the TLS 1.2-and-earlier cipher specification (OpenSSL string or IANA names); null: secure default
 * @param tls13Ciphers the TLS 1.3 suites (IANA names); null: all the JVM has
 * @param securityLevel OpenSSL's security level, 0 to 5, for the keys and signatures of peer chains
 * and of our identity, and for the TLS 1.2 suites; a {@code @SECLEVEL=n} in {@code ciphers} is
 * the same setting and wins over this component
 * @param namedGroups key-exchange groups in order of preference; empty: the JVM's
 * @param honorCipherOrder whether a server prefers its own cipher order
 * @param verifyMode how the peer is verified
 * @param verifyScheme the hostname scheme applied to server certificates
 * @param verifyName the name to verify instead of the connection's host, or {@code null}
 * @param sni the SNI name to send instead of the host ({@code ""} sends none), or {@code null}
 * @param sniRequired whether a server refuses, with an {@code unrecognized_name} alert, a client
 * whose SNI name none of the {@code identities} serves
 * @param alpn the ALPN protocols to offer, in order; empty: no ALPN
 * @param connectTimeout the time to establish TCP, across all resolved addresses
 * @param handshakeTimeout the time the whole handshake may take
 * @param readTimeout the socket read timeout after the handshake (zero: none)
 * @param tcpNoDelay whether TCP_NODELAY is set
 * @param provider the JSSE provider name ({@code null}: the JDK's)
 * @param sessionCacheEnabled whether sessions are kept and resumed at all
 * @param sessionCacheSize how many sessions the context caches (0: the JDK's default)
 * @param sessionCacheTimeout how long a cached session may be resumed (null: the JDK's default)
 * @param clientAuth whether a server asks clients for a certificate (the properties loader sets
 * it from a configured {@code verify.mode} when {@code client-auth} is not set: {@link VerifyMode#clientAuthWhenUnset()})
 * @param verifyChainCallback decides on each element of a peer's chain after PKIX ({@code verify.chain-callback}), or {@code null}
 * @param addressFamily which resolved addresses a client tries
 * @param trustCheckCrl whether chains are checked against CRLs ({@code trust.check-crl}); {@code null}:
 * when there are {@code crls}
 * @param trustRevocationUnknown what CRL checking does with a certificate no CRL covers, and OCSP
 * with a certificate whose status it cannot determine
 * @param trustPins the pins a certificate of the peer's verified chain must match ({@code trust.pins}); none: no pinning
 * @param trustPinsReplaceChain whether a pin matching the peer's leaf replaces chain verification
 * ({@code trust.pins-replace-chain})
 * @param trustOcspMode how revocation is checked by OCSP ({@code trust.ocsp.mode})
 * @param trustOcspTimeout how long an OCSP responder may take to answer ({@code trust.ocsp.timeout})
 * @param trustOcspCacheSize how many responder answers are kept until their nextUpdate
 * ({@code trust.ocsp.cache-size}; 0: none)
 * @param debug the debug level, 0 to 3 ({@code ssl.debug}, {@link TlsDebug}): 0 none, 1 failures, 2 the handshake
 * flow, 3 record dumps
 */
public record SslSettings(String name, Identity identity, List<HostIdentity> identities,
		List<X509Certificate> trustedCertificates,
		boolean trustSystemDefaults, List<X509CRL> crls, String protocols, String ciphers, String tls13Ciphers,
		int securityLevel, List<String> namedGroups, boolean honorCipherOrder, VerifyMode verifyMode, HostnameScheme verifyScheme,
		String verifyName, String sni, boolean sniRequired, List<String> alpn, Duration connectTimeout, Duration handshakeTimeout,
		Duration readTimeout, boolean tcpNoDelay, String provider, boolean sessionCacheEnabled, int sessionCacheSize,
		Duration sessionCacheTimeout, ClientAuth clientAuth, ChainCallback verifyChainCallback,
		AddressFamily addressFamily, Boolean trustCheckCrl, RevocationUnknown trustRevocationUnknown, Pins trustPins,
		boolean trustPinsReplaceChain, OcspMode trustOcspMode, Duration trustOcspTimeout, int trustOcspCacheSize, int debug) {

	/** The name of the top-level context. */
	public static final String PRIMARY = "primary";

	public SslSettings {
		Objects.requireNonNull(name, "name");
		identities = List.copyOf(identities);
		trustedCertificates = List.copyOf(trustedCertificates);
		crls = List.copyOf(crls);
		namedGroups = List.copyOf(namedGroups);
		alpn = List.copyOf(alpn);
		Objects.requireNonNull(verifyMode, "verifyMode");
		Objects.requireNonNull(verifyScheme, "verifyScheme");
		Objects.requireNonNull(connectTimeout, "connectTimeout");
		Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
		Objects.requireNonNull(readTimeout, "readTimeout");
		Objects.requireNonNull(clientAuth, "clientAuth");
		Objects.requireNonNull(addressFamily, "addressFamily");
		Objects.requireNonNull(trustRevocationUnknown, "trustRevocationUnknown");
		Objects.requireNonNull(trustPins, "trustPins");
		Objects.requireNonNull(trustOcspMode, "trustOcspMode");
		Objects.requireNonNull(trustOcspTimeout, "trustOcspTimeout");
		securityLevel = SecurityLevel.ofCipherString(ciphers).orElse(securityLevel);
		if (securityLevel < 0 || securityLevel > 5) {
			throw new SslConfigurationException("security-level", "security level " + securityLevel + " is not 0 to 5",
					"use one of OpenSSL's levels 0 to 5; " + SecurityLevel.of(SecurityLevel.DEFAULT).describe()
							+ " is the default");
		}
		if (debug < 0 || debug > 3) {
			throw new SslConfigurationException("debug", "debug level " + debug + " is not 0 to 3",
					"use 0 (none), 1 (failures), 2 (the handshake flow) or 3 (record dumps)");
		}
	}

	/** A builder with the secure defaults. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder starting from these settings. */
	public Builder toBuilder() {
		Builder builder = new Builder();
		Copy.toBuilder(this, builder);
		return builder;
	}

	@Override
	public String toString() {
		return "SslSettings[name=" + this.name + ", identity=" + this.identity + ", identities="
				+ this.identities.size() + ", trustedCertificates="
				+ this.trustedCertificates.size() + ", trustSystemDefaults=" + this.trustSystemDefaults
				+ ", protocols=" + this.protocols + ", ciphers=" + this.ciphers + ", securityLevel=" + this.securityLevel
				+ ", verifyMode=" + this.verifyMode
				+ ", verifyScheme=" + this.verifyScheme.name() + ", verifyName=" + this.verifyName + ", sni="
				+ this.sni + ", alpn=" + this.alpn + ", provider=" + this.provider + "]";
	}

	/**
	 * Builds {@link SslSettings}; starts from the secure defaults. Each setter sets the component
	 * of the same name (see the record's parameters for what each means).
	 */
	public static final class Builder {

		private String name = PRIMARY;

		private Identity identity;

		private List<HostIdentity> identities = List.of();

		private List<X509Certificate> trustedCertificates = List.of();

		private boolean trustSystemDefaults = true;

		private List<X509CRL> crls = List.of();

		private String protocols;

		private String ciphers;

		private String tls13Ciphers;

		private int securityLevel = SecurityLevel.DEFAULT;

		private List<String> namedGroups = List.of();

		private boolean honorCipherOrder = true;

		private VerifyMode verifyMode = VerifyMode.PEER;

		private HostnameScheme verifyScheme = HostnameScheme.STRICT;

		private String verifyName;

		private String sni;

		private boolean sniRequired;

		private List<String> alpn = List.of();

		private Duration connectTimeout = Duration.ofSeconds(10);

		private Duration handshakeTimeout = Duration.ofSeconds(10);

		private Duration readTimeout = Duration.ZERO;

		private boolean tcpNoDelay = true;

		private String provider;

		private boolean sessionCacheEnabled = true;

		private int sessionCacheSize;

		private Duration sessionCacheTimeout;

		private ClientAuth clientAuth = ClientAuth.NONE;

		private ChainCallback verifyChainCallback;

		private AddressFamily addressFamily = AddressFamily.ANY;

		private Boolean trustCheckCrl;

		private RevocationUnknown trustRevocationUnknown = RevocationUnknown.FAIL;

		private Pins trustPins = Pins.NONE;

		private boolean trustPinsReplaceChain;

		private OcspMode trustOcspMode = OcspMode.STAPLE;

		private Duration trustOcspTimeout = Duration.ofSeconds(5);

		private int trustOcspCacheSize = 1000;

		private int debug;

		private Builder() {
		}

		/** The debug level, 0 (default) to 3: see {@link TlsDebug}. */
		public Builder debug(int debug) {
			this.debug = debug;
			return this;
		}

		/** The context's name. */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/** Our key and certificate chain. */
		public Builder identity(Identity identity) {
			this.identity = identity;
			return this;
		}

		/**
		 * Further server identities, chosen by the client's SNI name and key type; those without
		 * host names are defaults beside {@link #identity(Identity)}.
		 */
		public Builder identities(List<HostIdentity> identities) {
			this.identities = identities;
			return this;
		}

		/** Trust anchors besides the JDK's. */
		public Builder trustedCertificates(List<X509Certificate> trustedCertificates) {
			this.trustedCertificates = trustedCertificates;
			return this;
		}

		/** Whether the JDK's default trust anchors are trusted too (default true). */
		public Builder trustSystemDefaults(boolean trustSystemDefaults) {
			this.trustSystemDefaults = trustSystemDefaults;
			return this;
		}

		/** CRLs to check peer chains against. */
		public Builder crls(List<X509CRL> crls) {
			this.crls = crls;
			return this;
		}

		/** The protocol specification. */
		public Builder protocols(String protocols) {
			this.protocols = protocols;
			return this;
		}

		/** The TLS 1.2-and-earlier cipher specification. */
		public Builder ciphers(String ciphers) {
			this.ciphers = ciphers;
			return this;
		}

		/** The TLS 1.3 suites. */
		public Builder tls13Ciphers(String tls13Ciphers) {
			this.tls13Ciphers = tls13Ciphers;
			return this;
		}

		/**
		 * OpenSSL's security level, 0 to 5 (default 2): keys and signatures of peer chains and of
		 * our identity below its bits of security are refused, and so are TLS 1.2 suites OpenSSL's
		 * level refuses. A {@code @SECLEVEL=n} in the cipher string wins over it.
		 */
		public Builder securityLevel(int securityLevel) {
			this.securityLevel = securityLevel;
			return this;
		}

		/** Key-exchange groups, most preferred first. */
		public Builder namedGroups(List<String> namedGroups) {
			this.namedGroups = namedGroups;
			return this;
		}

		/** Whether a server prefers its own cipher order (default true). */
		public Builder honorCipherOrder(boolean honorCipherOrder) {
			this.honorCipherOrder = honorCipherOrder;
			return this;
		}

		/** How the peer is verified (default peer). */
		public Builder verifyMode(VerifyMode verifyMode) {
			this.verifyMode = verifyMode;
			return this;
		}

		/** The hostname scheme for server certificates. */
		public Builder verifyScheme(HostnameScheme verifyScheme) {
			this.verifyScheme = verifyScheme;
			return this;
		}

		/** The name to verify instead of the connection's host. */
		public Builder verifyName(String verifyName) {
			this.verifyName = verifyName;
			return this;
		}

		/** The SNI name to send instead of the host; {@code ""} sends none. */
		public Builder sni(String sni) {
			this.sni = sni;
			return this;
		}

		/**
		 * Whether a server refuses a client whose SNI name no identity serves, with an
		 * {@code unrecognized_name} alert (default false: such a client gets the default identity).
		 */
		public Builder sniRequired(boolean sniRequired) {
			this.sniRequired = sniRequired;
			return this;
		}

		/** ALPN protocols to offer, in order. */
		public Builder alpn(List<String> alpn) {
			this.alpn = alpn;
			return this;
		}

		/** The time to establish TCP, across all resolved addresses (default 10s). */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/** The time the whole handshake may take (default 10s). */
		public Builder handshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
			return this;
		}

		/** The read timeout after the handshake (default none). */
		public Builder readTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
			return this;
		}

		/** Whether TCP_NODELAY is set (default true). */
		public Builder tcpNoDelay(boolean tcpNoDelay) {
			this.tcpNoDelay = tcpNoDelay;
			return this;
		}

		/** The JSSE provider's name ({@code null}: the JDK's). */
		public Builder provider(String provider) {
			this.provider = provider;
			return this;
		}

		/** Whether sessions are kept and resumed at all (default true). */
		public Builder sessionCacheEnabled(boolean sessionCacheEnabled) {
			this.sessionCacheEnabled = sessionCacheEnabled;
			return this;
		}

		/** How many sessions are cached (0: the JDK's default). */
		public Builder sessionCacheSize(int sessionCacheSize) {
			this.sessionCacheSize = sessionCacheSize;
			return this;
		}

		/** How long a cached session may be resumed ({@code null}: the JDK's default). */
		public Builder sessionCacheTimeout(Duration sessionCacheTimeout) {
			this.sessionCacheTimeout = sessionCacheTimeout;
			return this;
		}

		/** Whether a server asks clients for a certificate (default none). */
		public Builder clientAuth(ClientAuth clientAuth) {
			this.clientAuth = clientAuth;
			return this;
		}

		/** Decides on each element of a peer's chain after PKIX. */
		public Builder verifyChainCallback(ChainCallback verifyChainCallback) {
			this.verifyChainCallback = verifyChainCallback;
			return this;
		}

		/** Which resolved addresses a client tries (default any). */
		public Builder addressFamily(AddressFamily addressFamily) {
			this.addressFamily = addressFamily;
			return this;
		}

		/**
		 * Whether chains are checked against CRLs (IO::Socket::SSL's {@code SSL_check_crl});
		 * {@code null} (the default): when {@link #crls(List)} gives some.
		 */
		public Builder trustCheckCrl(Boolean trustCheckCrl) {
			this.trustCheckCrl = trustCheckCrl;
			return this;
		}

		/** What CRL checking does with a certificate no CRL covers (default fail). */
		public Builder trustRevocationUnknown(RevocationUnknown trustRevocationUnknown) {
			this.trustRevocationUnknown = trustRevocationUnknown;
			return this;
		}

		/** The pins a certificate of the peer's verified chain must match (default none). */
		public Builder trustPins(Pins trustPins) {
			this.trustPins = trustPins;
			return this;
		}

		/** Whether a pin matching the peer's leaf replaces chain verification (default false). */
		public Builder trustPinsReplaceChain(boolean trustPinsReplaceChain) {
			this.trustPinsReplaceChain = trustPinsReplaceChain;
			return this;
		}

		/** How revocation is checked by OCSP (default {@link OcspMode#STAPLE}). */
		public Builder trustOcspMode(OcspMode trustOcspMode) {
			this.trustOcspMode = trustOcspMode;
			return this;
		}

		/** How long an OCSP responder may take to answer (default 5 seconds). */
		public Builder trustOcspTimeout(Duration trustOcspTimeout) {
			this.trustOcspTimeout = trustOcspTimeout;
			return this;
		}

		/** How many OCSP responder answers are cached (default 1000; 0: none). */
		public Builder trustOcspCacheSize(int trustOcspCacheSize) {
			this.trustOcspCacheSize = trustOcspCacheSize;
			return this;
		}

		/** The settings; fails on a missing required value. */
		public SslSettings build() {
			return Copy.fromBuilder(this);
		}

	}

	/**
	 * Copies between the record and its builder by component name, so that neither the builder
	 * nor {@code toBuilder} lists the components again. Checked once, when the class loads.
	 */
	private static final class Copy {

		private static final RecordComponent[] COMPONENTS = SslSettings.class.getRecordComponents();

		private static final Field[] FIELDS = fields();

		private static final Constructor<SslSettings> CONSTRUCTOR = constructor();

		private static Field[] fields() {
			Field[] fields = new Field[COMPONENTS.length];
			for (int i = 0; i < COMPONENTS.length; i++) {
				RecordComponent component = COMPONENTS[i];
				try {
					Field field = Builder.class.getDeclaredField(component.getName());
					if (!field.getGenericType().equals(component.getGenericType())) {
						throw new IllegalStateException("SslSettings.Builder." + field.getName() + " is a "
								+ field.getGenericType() + ", the component a " + component.getGenericType());
					}
					field.setAccessible(true);
					fields[i] = field;
				}
				catch (NoSuchFieldException ex) {
					throw new IllegalStateException("SslSettings.Builder has no field for " + component.getName(), ex);
				}
			}
			return fields;
		}

		private static Constructor<SslSettings> constructor() {
			try {
				return SslSettings.class.getDeclaredConstructor(
						Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException(ex);
			}
		}

		static SslSettings fromBuilder(Builder builder) {
			Object[] values = new Object[FIELDS.length];
			try {
				for (int i = 0; i < FIELDS.length; i++) {
					values[i] = FIELDS[i].get(builder);
				}
				return CONSTRUCTOR.newInstance(values);
			}
			catch (ReflectiveOperationException ex) {
				if (ex.getCause() instanceof RuntimeException runtime) {
					throw runtime;
				}
				throw new IllegalStateException(ex);
			}
		}

		static void toBuilder(SslSettings settings, Builder builder) {
			try {
				for (int i = 0; i < FIELDS.length; i++) {
					FIELDS[i].set(builder, COMPONENTS[i].getAccessor().invoke(settings));
				}
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
