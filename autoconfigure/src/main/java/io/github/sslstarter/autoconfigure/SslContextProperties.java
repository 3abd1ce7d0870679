package io.github.sslstarter.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.github.sslstarter.core.AddressFamily;
import io.github.sslstarter.core.ClientAuth;
import io.github.sslstarter.core.VerifyMode;
import io.github.sslstarter.material.Material;
import io.github.sslstarter.verify.HostnameScheme;

/**
 * The properties of one TLS context. The top level ({@code ssl.*}) is the primary context and
 * holds the defaults every named context in {@code ssl.contexts} inherits (IO::Socket::SSL's
 * {@code set_ctx_defaults}); a named context ({@code ssl.contexts.<name>.*}) has the same
 * properties, except the three that only the top level takes: {@code enabled},
 * {@code publish-bundles} and {@code contexts}. Built-in defaults: TLS 1.2 and 1.3, a secure
 * cipher list, the JDK's trust anchors, peer and host name verification by the {@code default}
 * scheme, security level 2, 10s connect and handshake timeouts, TCP_NODELAY.
 *
 * @param enabled Whether the starter creates TLS contexts at all (default true; top level only).
 * @param protocols Protocol versions: JSSE names ("TLSv1.2:TLSv1.3") or IO::Socket::SSL syntax
 * ("SSLv23:!TLSv1:!TLSv11"); default TLS 1.2 and 1.3.
 * @param ciphers TLS 1.2 cipher suites: an OpenSSL cipher string ("HIGH:!aNULL:!MD5") or IANA names.
 * @param tls13Ciphers TLS 1.3 cipher suites, colon-separated IANA names; default all the JVM has.
 * @param securityLevel OpenSSL's security level, 0 to 5 (default 2): peer and own certificates
 * with keys or signatures below its bits of security are refused (at 2: RSA under 2048 bits, EC
 * under 224 bits, MD5 and SHA-1 signatures), and so are the TLS 1.2 suites it refuses; the same
 * setting as @SECLEVEL=n in the cipher string.
 * @param namedGroups Key-exchange groups in order of preference (x25519, secp256r1, ffdhe2048, ...).
 * @param dhFile A PEM file of DH parameters (IO::Socket::SSL's SSL_dh_file); must be an RFC 7919 group.
 * @param honorCipherOrder Whether a server prefers its own cipher order (default true).
 * @param identity Our certificate chain and private key (a named context inherits it as a whole).
 * As a server, the default for clients that send no SNI name or one no identities entry serves.
 * @param identities Further server certificates, each with the same forms as identity plus the
 * host-names whose clients get it by SNI (exact, or *.wildcard of one label); within a name the
 * one whose key type the client supports is chosen (RSA, EC, EdDSA, RSASSA-PSS). One without
 * host-names is a further default, e.g. an ECDSA certificate beside identity's RSA one. Inherited
 * with identity, as a whole.
 * @param trust The trust anchors that verify peers.
 * @param verify How peers and host names are verified.
 * @param clientAuth Whether a server asks its clients for a certificate: none, want, need. When
 * not set, a configured verify.mode decides (peer: want; fail-if-no-peer-cert: need; none: none),
 * and without either a server asks for none.
 * @param sni The SNI host name to send instead of the connection's host; empty sends none.
 * @param sniRequired Whether a server refuses a client whose SNI name none of the identities'
 * host-names serves, with an unrecognized_name alert (default false: it gets identity). A
 * client that sends no name still gets identity.
 * @param alpn ALPN protocols to offer, in order of preference.
 * @param timeouts Connect, handshake and read timeouts.
 * @param tcpNoDelay Whether TCP_NODELAY is set on connections (default true).
 * @param provider The JSSE provider: "jdk" (default) or "conscrypt".
 * @param sessionCache The TLS session cache.
 * @param addressFamily Which resolved addresses a client tries: any (default), ipv4, ipv6.
 * @param reload Hot reload of the key and trust files (each setting inherited on its own).
 * @param debug Debug output, 0 (default) to 3: 1 failures with their class, 2 the handshake flow
 * (verification steps, protocol, suite, SNI, ALPN, chain, times), 3 TLS record dumps in hex.
 * @param publishBundles Whether every context is also registered as a Spring Boot SSL bundle
 * of the same name (default true; top level only).
 * @param contexts Named contexts, each inheriting every top-level setting it does not override
 * (top level only).
 */
@ConfigurationProperties("ssl")
public record SslContextProperties(Boolean enabled, String protocols, String ciphers, String tls13Ciphers,
		Integer securityLevel, List<String> namedGroups, String dhFile, Boolean honorCipherOrder, Identity identity,
		List<HostIdentity> identities, Trust trust, Verify verify, ClientAuth clientAuth, String sni, Boolean sniRequired,
		List<String> alpn, Timeouts timeouts, Boolean tcpNoDelay,
		String provider, SessionCache sessionCache, AddressFamily addressFamily, Reload reload, Boolean publishBundles,
		Map<String, SslContextProperties> contexts, Integer debug) {

	public SslContextProperties {
		contexts = (contexts != null) ? Map.copyOf(contexts) : Map.of();
		identities = (identities != null) ? List.copyOf(identities) : null;
	}

	/** Whether the top level asks for every context to be published as a Spring Boot SSL bundle. */
	boolean publishesBundles() {
		return this.publishBundles == null || this.publishBundles;
	}

	/**
	 * Our identity: a certificate chain and private key (PEM or DER; a location is a file path,
	 * {@code file:}, {@code classpath:}, inline PEM, or {@code bean:NAME} of a PrivateKey or
	 * X509Certificate bean), or a keystore entry, or a Spring Boot SSL bundle.
	 *
	 * @param certificate Location of the certificate chain, leaf first.
	 * @param privateKey Location of the private key (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8,
	 * legacy encrypted PEM, DER).
	 * @param privateKeyPassword Password of an encrypted private key, or of the keystore entry.
	 * @param keystore A PKCS#12 or JKS keystore holding the key entry.
	 * @param alias The key entry's alias in the keystore; may be omitted when there is only one.
	 * @param bundle The name of a Spring Boot SSL bundle (spring.ssl.bundle.*) to take the key from.
	 */
	public record Identity(String certificate, String privateKey, String privateKeyPassword, KeyStore keystore,
			String alias, String bundle) {

		boolean isConfigured() {
			return this.certificate != null || this.privateKey != null || this.bundle != null
					|| (this.keystore != null && this.keystore.location() != null);
		}

		@Override
		public String toString() {
			// a private key may be configured inline: only its description is shown
			return "Identity[certificate=" + Material.describe(this.certificate) + ", privateKey="
					+ Material.describe(this.privateKey) + ", keystore=" + this.keystore + ", alias=" + this.alias
					+ ", bundle=" + this.bundle + "]";
		}

	}

	/**
	 * A further server identity: the same forms as {@link Identity}, and the host names whose
	 * clients get it.
	 *
	 * @param hostNames The SNI host names it serves: exact (a.example.com) or a wildcard of one
	 * label (*.example.com); none: a further default, for another key type.
	 * @param certificate Location of the certificate chain, leaf first.
	 * @param privateKey Location of the private key.
	 * @param privateKeyPassword Password of an encrypted private key, or of the keystore entry.
	 * @param keystore A PKCS#12 or JKS keystore holding the key entry.
	 * @param alias The key entry's alias in the keystore; may be omitted when there is only one.
	 * @param bundle The name of a Spring Boot SSL bundle (spring.ssl.bundle.*) to take the key from.
	 */
	public record HostIdentity(List<String> hostNames, String certificate, String privateKey,
			String privateKeyPassword, KeyStore keystore, String alias, String bundle) {

		public HostIdentity {
			hostNames = (hostNames != null) ? List.copyOf(hostNames) : List.of();
		}

		/** The identity's material, as {@code identity} takes it. */
		Identity material() {
			return new Identity(this.certificate, this.privateKey, this.privateKeyPassword, this.keystore, this.alias,
					this.bundle);
		}

		@Override
		public String toString() {
			return "HostIdentity[hostNames=" + this.hostNames + ", " + material() + "]";
		}

	}

	/**
	 * A keystore.
	 *
	 * @param location The keystore's location.
	 * @param type PKCS12 or JKS; guessed from the content when omitted.
	 * @param password The keystore's password.
	 */
	public record KeyStore(String location, String type, String password) {

		@Override
		public String toString() {
			return "KeyStore[location=" + this.location + ", type=" + this.type + "]";
		}

	}

	/**
	 * The trust anchors that verify peers (IO::Socket::SSL's SSL_ca_file, SSL_ca_path,
	 * SSL_crl_file); all that are given are combined.
	 *
	 * @param caFile Location of a file of one or more CA certificates.
	 * @param caPath A directory of CA certificates (OpenSSL hashed names or *.pem, *.crt, *.cer).
	 * @param systemDefaults Whether the JDK's trust anchors are trusted too (default true).
	 * @param crlFile Location of certificate revocation lists; when set, check-crl is on unless
	 * set to false.
	 * @param bundle The name of a Spring Boot SSL bundle to take trust anchors from.
	 * @param checkCrl Whether every certificate of a peer's chain below the trust anchor is checked
	 * against the CRLs of crl-file and of ca-path (hashed CRL names such as 3a1b2c4d.r0), as SSL_check_crl
	 * (default: on when crl-file is set).
	 * @param revocationUnknown What CRL checking does with a certificate for which no CRL is found,
	 * and OCSP with one whose status it cannot determine: fail (default; the handshake fails as
	 * revocation unknown) or accept (with a WARN per handshake).
	 * @param pins Pins a certificate of the peer's verified chain must match: sha256/<base64> (OkHttp,
	 * SubjectPublicKeyInfo digest), algo$hex (certificate digest) or algo$pub$hex (public key digest),
	 * as IO::Socket::SSL's SSL_fingerprint. Inherited by named contexts on their own.
	 * @param pinsReplaceChain Whether a pin matching the peer's leaf certificate replaces chain
	 * verification, for a self-signed peer (default false). Inherited on its own.
	 * @param ocsp OCSP revocation checking. Inherited per property.
	 */
	public record Trust(String caFile, String caPath, Boolean systemDefaults, String crlFile, String bundle,
			Boolean checkCrl, io.github.sslstarter.core.RevocationUnknown revocationUnknown, List<String> pins,
			Boolean pinsReplaceChain, Ocsp ocsp) {

		/** Whether any of the anchor settings is set, which are inherited as a whole. */
		boolean setsAnchors() {
			return this.caFile != null || this.caPath != null || this.systemDefaults != null || this.crlFile != null
					|| this.bundle != null || this.checkCrl != null || this.revocationUnknown != null;
		}

	}

	/**
	 * OCSP revocation checking of peer certificates (IO::Socket::SSL's SSL_ocsp_mode).
	 *
	 * @param mode Off, staple (default: check a response the server staples), must-staple (fail
	 * without one) or full-chain (also ask each certificate's OCSP responder).
	 * @param timeout How long an OCSP responder may take to answer (default 5s).
	 * @param cacheSize How many responder answers are kept until their nextUpdate (default 1000; 0:
	 * none).
	 */
	public record Ocsp(io.github.sslstarter.core.OcspMode mode, Duration timeout, Integer cacheSize) {

	}

	/**
	 * How peers are verified (IO::Socket::SSL's SSL_verify_mode, SSL_verifycn_scheme,
	 * SSL_verifycn_name).
	 *
	 * @param mode None, peer (default), fail-if-no-peer-cert or client-once. Set explicitly, peer
	 * (and client-once) also makes a server ask clients for a certificate unless client-auth is set.
	 * @param scheme The hostname verification scheme: default, http, ldap, smtp, imap, sip, none,
	 * custom, ...
	 * @param name The name the peer's certificate must be valid for, instead of the host connected to.
	 * @param custom The rules of the "custom" scheme.
	 * @param hostnameCallback The name of a HostnameCallback bean that decides instead of a scheme
	 * (IO::Socket::SSL's scheme callback).
	 * @param chainCallback The name of a ChainCallback bean that decides on each element of the
	 * peer's chain after PKIX verification (IO::Socket::SSL's SSL_verify_callback).
	 */
	public record Verify(VerifyMode mode, String scheme, String name, CustomScheme custom, String hostnameCallback,
			String chainCallback) {

	}

	/**
	 * The rules of a custom hostname scheme.
	 *
	 * @param commonName Whether the CN is checked: always (default), when-only (no DNS
	 * subjectAltNames), never.
	 * @param sanWildcards Where a wildcard may stand in subjectAltNames: none, full-label (default),
	 * anywhere.
	 * @param cnWildcards Where a wildcard may stand in the CN: none (default), full-label, anywhere.
	 * @param ipInCommonName Whether an IP address may match the CN: any, ipv4, none (default).
	 */
	public record CustomScheme(HostnameScheme.CommonName commonName, HostnameScheme.Wildcards sanWildcards,
			HostnameScheme.Wildcards cnWildcards, HostnameScheme.IpInCommonName ipInCommonName) {

	}

	/**
	 * Timeouts.
	 *
	 * @param connect Time to establish TCP, across all resolved addresses (default 10s).
	 * @param handshake Time the whole TLS handshake may take (default 10s).
	 * @param read Socket read timeout after the handshake (default none).
	 */
	public record Timeouts(Duration connect, Duration handshake, Duration read) {

	}

	/**
	 * The TLS session cache of a context (IO::Socket::SSL's SSL_session_cache_size).
	 *
	 * @param enabled Whether sessions are kept and resumed at all (default true).
	 * @param size How many sessions are kept (0: the JDK's default).
	 * @param timeout How long a session may be resumed.
	 * @param shared IO::Socket::SSL's shared SSL_session_cache: not possible with JSSE, whose
	 * sessions belong to one SSLContext; setting it stops startup with the reason and what to do.
	 */
	public record SessionCache(Boolean enabled, Integer size, Duration timeout, String shared) {

	}

	/**
	 * Hot reload of a context's key and trust material: the files of identity.* and trust.*
	 * (key, certificate, keystore, CA file, CA directory, CRL file) are watched, and once changed
	 * content has stayed the same for the quiet period, loaded and checked as at startup and used
	 * by every new handshake; connections already open keep theirs. Material that cannot be used
	 * keeps the old in use, logs one WARN and is tried again. A context that takes its material
	 * from a Spring Boot SSL bundle follows that bundle's own reloads whatever this says.
	 *
	 * @param enabled Whether the files are watched (default false).
	 * @param interval How often the files are read (default 10s); directory events, where the
	 * platform has them, make a change seen sooner.
	 * @param quietPeriod How long changed files must stay the same before they are loaded
	 * (default 500ms), so that a file still being written, or a certificate whose key is not
	 * written yet, is not loaded.
	 */
	public record Reload(Boolean enabled, Duration interval, Duration quietPeriod) {

	}

}
