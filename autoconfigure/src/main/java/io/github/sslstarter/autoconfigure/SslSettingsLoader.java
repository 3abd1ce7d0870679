package io.github.sslstarter.autoconfigure;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

import io.github.sslstarter.autoconfigure.SslContextProperties.Identity;
import io.github.sslstarter.autoconfigure.SslContextProperties.SessionCache;
import io.github.sslstarter.autoconfigure.SslContextProperties.Timeouts;
import io.github.sslstarter.autoconfigure.SslContextProperties.Trust;
import io.github.sslstarter.autoconfigure.SslContextProperties.Verify;
import io.github.sslstarter.core.SslConfigurationException;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.material.Material;
import io.github.sslstarter.material.MaterialException;
import io.github.sslstarter.spec.DhParameters;
import io.github.sslstarter.verify.ChainCallback;
import io.github.sslstarter.verify.SecurityLevel;
import io.github.sslstarter.spec.SpecException;

/**
 * Turns the properties of one context, merged over the top level, into {@link SslSettings}:
 * loads the key and trust material and reports every problem as an
 * {@link SslConfigurationException} that names the full property.
 */
final class SslSettingsLoader {

	private static final org.apache.commons.logging.Log logger = org.apache.commons.logging.LogFactory
		.getLog(SslSettingsLoader.class);

	private static final String BEAN_PREFIX = "bean:";

	private final SslContextProperties top;

	private final SslBundles bundles;

	private final Function<String, Object> beans;

	private final List<SslPasswordProvider> passwordProviders;

	/**
	 * @param top the top-level properties
	 * @param bundles Spring Boot's SSL bundles, or {@code null} when there are none
	 * @param beans looks a bean up by name (for {@code bean:NAME} locations)
	 * @param passwordProviders asked for passwords that no property gives
	 */
	SslSettingsLoader(SslContextProperties top, SslBundles bundles, Function<String, Object> beans,
			List<SslPasswordProvider> passwordProviders) {
		this.top = top;
		this.bundles = bundles;
		this.beans = beans;
		this.passwordProviders = passwordProviders;
	}

	/** The property prefix of a context: {@code ssl.} or {@code ssl.contexts.<name>.}. */
	static String prefix(String name) {
		return SslSettings.PRIMARY.equals(name) ? "ssl." : "ssl.contexts." + name + ".";
	}

	/** Loads the primary context ({@code named} null) or a named one. */
	SslSettings load(String name, SslContextProperties named) {
		Merged merged = new Merged(this.top, named);
		String prefix = prefix(name);
		try {
			SslSettings.Builder builder = SslSettings.builder().name(name);
			builder.protocols(merged.get(SslContextProperties::protocols));
			securityLevel(merged, builder, prefix);
			builder.tls13Ciphers(merged.get(SslContextProperties::tls13Ciphers));
			builder.namedGroups(namedGroups(merged, prefix));
			builder.honorCipherOrder(orDefault(merged.get(SslContextProperties::honorCipherOrder), true));
			builder.clientAuth(clientAuth(merged));
			builder.sni(sni(merged.get(SslContextProperties::sni), prefix + "sni"));
			builder.alpn(alpn(orEmpty(merged.get(SslContextProperties::alpn)), prefix + "alpn"));
			builder.tcpNoDelay(orDefault(merged.get(SslContextProperties::tcpNoDelay), true));
			builder.provider(merged.get(SslContextProperties::provider));
			builder.addressFamily(orDefault(merged.get(SslContextProperties::addressFamily),
					io.github.sslstarter.core.AddressFamily.ANY));
			builder.debug(orDefault(merged.get(SslContextProperties::debug), 0));
			timeouts(merged, builder, prefix);
			verify(merged, builder, prefix);
			sessionCache(merged, builder, prefix);
			// the further identities are named where they are configured, for messages naming two of them
			String identitiesPrefix = merged.ownIdentities() ? prefix : prefix(SslSettings.PRIMARY);
			builder.identity(identity(name, merged.identity(), prefix + "identity."));
			builder.identities(hostIdentities(name, merged.identities(), identitiesPrefix));
			builder.sniRequired(orDefault(merged.get(SslContextProperties::sniRequired), false));
			trust(name, merged, builder, prefix);
			SslSettings settings = builder.build();
			checkValidity(settings.identity(), prefix + "identity");
			for (io.github.sslstarter.core.HostIdentity host : settings.identities()) {
				checkValidity(host.identity(), host.source());
			}
			return settings;
		}
		catch (SslConfigurationException ex) {
			throw (ex.setting().startsWith("ssl.")) ? ex
					: new SslConfigurationException(prefix + ex.setting(), ex.problem(), ex.action(), ex.getCause());
		}
	}

	/**
	 * How the context's material is reloaded, and from which files and bundles: the same
	 * locations {@link #load} reads.
	 */
	SslReloadSettings reload(String name, SslContextProperties named) {
		Merged merged = new Merged(this.top, named);
		String prefix = prefix(name);
		boolean enabled = orDefault(merged.nested(SslContextProperties::reload, SslContextProperties.Reload::enabled),
				false);
		Duration interval = orDefault(merged.nested(SslContextProperties::reload, SslContextProperties.Reload::interval),
				SslReloadSettings.DEFAULT_INTERVAL);
		if (interval.isNegative() || interval.isZero()) {
			throw new SslConfigurationException(reloadProperty(named, prefix, SslContextProperties.Reload::interval,
					"interval"), "the interval " + interval + " is not positive",
					"give how often the files are read, such as 10s; to watch no file, set reload.enabled=false");
		}
		Duration quietPeriod = orDefault(
				merged.nested(SslContextProperties::reload, SslContextProperties.Reload::quietPeriod),
				SslReloadSettings.DEFAULT_QUIET_PERIOD);
		if (quietPeriod.isNegative()) {
			throw new SslConfigurationException(reloadProperty(named, prefix, SslContextProperties.Reload::quietPeriod,
					"quiet-period"), "the quiet period " + quietPeriod + " is negative",
					"give how long changed files must stay unchanged before they are loaded, such as 500ms, or 0");
		}
		List<java.nio.file.Path> files = new ArrayList<>();
		List<String> bundles = new ArrayList<>();
		Identity identity = merged.identity();
		if (identity != null && identity.isConfigured()) {
			if (identity.bundle() != null) {
				bundles.add(identity.bundle());
			}
			else {
				watch(files, identity.certificate(), prefix + "identity.certificate");
				watch(files, identity.privateKey(), prefix + "identity.private-key");
				watch(files, (identity.keystore() != null) ? identity.keystore().location() : null,
						prefix + "identity.keystore.location");
			}
		}
		String identitiesPrefix = merged.ownIdentities() ? prefix : prefix(SslSettings.PRIMARY);
		List<SslContextProperties.HostIdentity> identities = merged.identities();
		for (int i = 0; i < identities.size(); i++) {
			SslContextProperties.HostIdentity host = identities.get(i);
			String source = identitiesPrefix + "identities[" + i + "].";
			if (host.bundle() != null) {
				bundles.add(host.bundle());
				continue;
			}
			watch(files, host.certificate(), source + "certificate");
			watch(files, host.privateKey(), source + "private-key");
			watch(files, (host.keystore() != null) ? host.keystore().location() : null, source + "keystore.location");
		}
		Trust trust = merged.trust();
		watch(files, trust.caFile(), prefix + "trust.ca-file");
		watch(files, trust.caPath(), prefix + "trust.ca-path");
		watch(files, trust.crlFile(), prefix + "trust.crl-file");
		if (trust.bundle() != null) {
			bundles.add(trust.bundle());
		}
		return new SslReloadSettings(enabled, interval, quietPeriod, files, bundles);
	}

	private static String reloadProperty(SslContextProperties named, String prefix,
			Function<SslContextProperties.Reload, Object> setting, String property) {
		boolean own = named != null && named.reload() != null && setting.apply(named.reload()) != null;
		return (own ? prefix : "ssl.") + "reload." + property;
	}

	private static void watch(List<java.nio.file.Path> files, String location, String property) {
		if (location == null || location.startsWith(BEAN_PREFIX)) {
			return;
		}
		java.nio.file.Path file = material(property, () -> Material.file(location));
		if (file != null) {
			files.add(file);
		}
	}

	/**
	 * The security level and the cipher string, whose {@code @SECLEVEL=n} is the same setting. The
	 * nearer one wins: a named context's own over one it inherits from the top level; two given at
	 * the same place must agree. A named context's own level rewrites the {@code @SECLEVEL} of an
	 * inherited cipher string, so that its suites follow the level too.
	 */
	private static void securityLevel(Merged merged, SslSettings.Builder builder, String prefix) {
		String ciphers = merged.get(SslContextProperties::ciphers);
		Integer level = merged.get(SslContextProperties::securityLevel);
		boolean ownLevel = merged.named() != null && merged.named().securityLevel() != null;
		boolean ownCiphers = merged.named() != null && merged.named().ciphers() != null;
		String levelProperty = (ownLevel ? prefix : "ssl.") + "security-level";
		String ciphersProperty = (ownCiphers ? prefix : "ssl.") + "ciphers";
		if (level != null && (level < 0 || level > 5)) {
			throw new SslConfigurationException(levelProperty, "security level " + level + " is not 0 to 5",
					"use one of OpenSSL's levels 0 to 5; 2, the default, refuses RSA keys under 2048 bits,"
							+ " EC keys under 224 bits and SHA-1 or MD5 signatures");
		}
		OptionalInt inCiphers = SecurityLevel.ofCipherString(ciphers);
		if (level != null && inCiphers.isPresent() && inCiphers.getAsInt() != level) {
			if (ownLevel == ownCiphers) {
				throw new SslConfigurationException(levelProperty,
						"security-level is " + level + " but " + ciphersProperty + " says @SECLEVEL="
								+ inCiphers.getAsInt() + ", and the two are one setting",
						"set the level in one place: remove " + levelProperty + " or the @SECLEVEL in "
								+ ciphersProperty + ", or make them agree");
			}
			if (ownLevel) {
				ciphers = SecurityLevel.inCipherString(ciphers, level);
			}
			else {
				level = inCiphers.getAsInt();
			}
		}
		builder.ciphers(ciphers);
		builder.securityLevel((level != null) ? level : inCiphers.orElse(SecurityLevel.DEFAULT));
	}

	private static List<String> namedGroups(Merged merged, String prefix) {
		List<String> groups = new ArrayList<>(orEmpty(merged.get(SslContextProperties::namedGroups)));
		String dhFile = merged.get(SslContextProperties::dhFile);
		if (dhFile != null) {
			String pem = material(prefix + "dh-file", () -> Material.text(dhFile));
			try {
				String group = DhParameters.namedGroup(pem);
				if (!groups.contains(group)) {
					groups.add(group);
				}
			}
			catch (SpecException ex) {
				throw new SslConfigurationException(prefix + "dh-file", ex.getMessage(),
						"generate RFC 7919 parameters (openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048)"
								+ " or set named-groups instead",
						ex);
			}
		}
		return groups;
	}

	/**
	 * {@code client-auth} when set; otherwise what a configured {@code verify.mode} asks of a
	 * server's clients ({@code peer}: want), and none when neither is set.
	 */
	private static io.github.sslstarter.core.ClientAuth clientAuth(Merged merged) {
		io.github.sslstarter.core.ClientAuth clientAuth = merged.get(SslContextProperties::clientAuth);
		io.github.sslstarter.core.VerifyMode mode = merged.nested(SslContextProperties::verify, Verify::mode);
		return (clientAuth != null) ? clientAuth
				: (mode != null) ? mode.clientAuthWhenUnset() : io.github.sslstarter.core.ClientAuth.NONE;
	}

	private void timeouts(Merged merged, SslSettings.Builder builder, String prefix) {
		SslSettings defaults = builder.build();
		builder.connectTimeout(notNegative(orDefault(merged.nested(SslContextProperties::timeouts, Timeouts::connect),
				defaults.connectTimeout()), prefix + "timeouts.connect"));
		builder.handshakeTimeout(notNegative(orDefault(
				merged.nested(SslContextProperties::timeouts, Timeouts::handshake), defaults.handshakeTimeout()),
				prefix + "timeouts.handshake"));
		builder.readTimeout(notNegative(
				orDefault(merged.nested(SslContextProperties::timeouts, Timeouts::read), Duration.ZERO),
				prefix + "timeouts.read"));
	}

	// zero means no timeout, as for java.net.Socket; a negative one is a mistake, not "none"
	private static Duration notNegative(Duration duration, String property) {
		if (duration != null && duration.isNegative()) {
			throw new SslConfigurationException(property, "the duration " + duration + " is negative",
					"give a positive duration such as 10s, or 0 for no timeout");
		}
		return duration;
	}

	private static String sni(String sni, String property) {
		if (sni == null || sni.isEmpty()) {
			return sni;
		}
		String name = sni.endsWith(".") ? sni.substring(0, sni.length() - 1) : sni;
		if (name.indexOf(':') >= 0 || name.matches("[0-9.]+")) {
			throw new SslConfigurationException(property, "'" + sni + "' is an IP address, which SNI cannot carry",
					"set a host name, or an empty value to send no SNI");
		}
		try {
			new javax.net.ssl.SNIHostName(name);
		}
		catch (IllegalArgumentException ex) {
			throw new SslConfigurationException(property, "'" + sni + "' is not a valid SNI host name: " + ex.getMessage(),
					"set a host name of letters, digits, hyphens and dots, or an empty value to send no SNI");
		}
		return sni;
	}

	private static List<String> alpn(List<String> protocols, String property) {
		for (int i = 0; i < protocols.size(); i++) {
			String protocol = protocols.get(i);
			int length = (protocol != null) ? protocol.getBytes(java.nio.charset.StandardCharsets.UTF_8).length : 0;
			if (length == 0 || length > 255) {
				throw new SslConfigurationException(property + "[" + i + "]",
						(length == 0) ? "an ALPN protocol name is empty" : "an ALPN protocol name is longer than 255 bytes",
						"list protocol names such as h2 and http/1.1, each 1 to 255 bytes");
			}
		}
		return protocols;
	}

	private void verify(Merged merged, SslSettings.Builder builder, String prefix) {
		io.github.sslstarter.core.VerifyMode mode = merged.nested(SslContextProperties::verify, Verify::mode);
		if (mode != null) {
			builder.verifyMode(mode);
		}
		Verify scheme = merged.scheme();
		builder.verifyScheme(HostnameSchemes.resolve(scheme.scheme(), scheme.custom(), scheme.hostnameCallback(),
				this.beans, prefix + "verify"));
		String chainCallback = merged.nested(SslContextProperties::verify, Verify::chainCallback);
		if (chainCallback != null) {
			builder.verifyChainCallback(bean(BEAN_PREFIX + chainCallback, ChainCallback.class, prefix + "verify.chain-callback"));
		}
		builder.verifyName(merged.nested(SslContextProperties::verify, Verify::name));
	}

	private void sessionCache(Merged merged, SslSettings.Builder builder, String prefix) {
		String shared = merged.nested(SslContextProperties::sessionCache, SessionCache::shared);
		if (shared != null) {
			throw new SslConfigurationException(prefix + "session-cache.shared",
					"contexts cannot share a session cache ('" + shared + "'): JSSE keeps the sessions of each SSLContext"
							+ " in that context, and a client resumes only sessions of its own context (SSLSessionContext"
							+ " lists and invalidates sessions but cannot take one in)",
					"connect through one context: its cache serves every host, and connect(host, port, sni, verifyName)"
							+ " gives one connection its own names; or remove session-cache.shared");
		}
		Integer size = merged.nested(SslContextProperties::sessionCache, SessionCache::size);
		if (size != null) {
			if (size < 0) {
				throw new SslConfigurationException(prefix + "session-cache.size", "the size " + size + " is negative",
						"give how many sessions to keep, or 0 for the JDK's default");
			}
			builder.sessionCacheSize(size);
		}
		Duration timeout = merged.nested(SslContextProperties::sessionCache, SessionCache::timeout);
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			throw new SslConfigurationException(prefix + "session-cache.timeout",
					"the timeout " + timeout + " is not positive",
					"give how long a session may be resumed, such as 1h; to keep no sessions, set session-cache.enabled=false");
		}
		builder.sessionCacheTimeout(timeout);
		builder.sessionCacheEnabled(orDefault(merged.nested(SslContextProperties::sessionCache, SessionCache::enabled), true));
	}

	/**
	 * The further identities, each loaded as {@code identity} is, named by its property
	 * ({@code ssl.identities[n]}) in every message about it.
	 */
	private List<io.github.sslstarter.core.HostIdentity> hostIdentities(String context,
			List<SslContextProperties.HostIdentity> identities, String prefix) {
		List<io.github.sslstarter.core.HostIdentity> loaded = new ArrayList<>();
		for (int i = 0; i < identities.size(); i++) {
			String source = prefix + "identities[" + i + "]";
			SslContextProperties.HostIdentity host = identities.get(i);
			if (!host.material().isConfigured()) {
				throw new SslConfigurationException(source + ".certificate",
						"the identity has no certificate, keystore or bundle",
						"set " + source + ".certificate and .private-key, " + source + ".keystore.location or "
								+ source + ".bundle");
			}
			loaded.add(new io.github.sslstarter.core.HostIdentity(source, host.hostNames(),
					identity(context, host.material(), source + ".")));
		}
		return loaded;
	}

	// property: the identity's own prefix, "ssl.identity." or "ssl.identities[0]."
	private io.github.sslstarter.material.Identity identity(String context, Identity identity, String property) {
		if (identity == null || !identity.isConfigured()) {
			return null;
		}
		if (identity.bundle() != null) {
			return identityFromBundle(identity.bundle(), property + "bundle");
		}
		if (identity.keystore() != null && identity.keystore().location() != null) {
			String location = identity.keystore().location();
			KeyStore store = material(property + "keystore.location",
					() -> Material.keyStore(location, identity.keystore().type(),
							password(context, location, identity.keystore().password())));
			char[] keyPassword = password(context, location,
					(identity.privateKeyPassword() != null) ? identity.privateKeyPassword()
							: identity.keystore().password());
			try {
				return io.github.sslstarter.material.Identity.fromKeyStore(store, identity.alias(), keyPassword,
						location);
			}
			catch (MaterialException ex) {
				// the entry's password is private-key-password when given, else the keystore's own
				String blamed = switch (ex.problem()) {
					case WRONG_PASSWORD, PASSWORD_REQUIRED -> (identity.privateKeyPassword() != null)
							? "private-key-password" : "keystore.password";
					default -> "alias";
				};
				throw configuration(property + blamed, ex);
			}
		}
		if (identity.certificate() == null) {
			throw new SslConfigurationException(property + "certificate",
					"a private key is configured but no certificate", "set " + property + "certificate");
		}
		if (identity.privateKey() == null) {
			throw new SslConfigurationException(property + "private-key",
					"a certificate is configured but no private key", "set " + property + "private-key");
		}
		List<X509Certificate> chain = certificates(identity.certificate(), property + "certificate");
		PrivateKey key = privateKey(context, identity, property + "private-key");
		return material(property + "private-key", () -> io.github.sslstarter.material.Identity.of(key, chain));
	}

	private PrivateKey privateKey(String context, Identity identity, String property) {
		String location = identity.privateKey();
		if (location.startsWith(BEAN_PREFIX)) {
			return bean(location, PrivateKey.class, property);
		}
		String given = identity.privateKeyPassword();
		try {
			return Material.privateKey(location, (given != null) ? given.toCharArray() : null);
		}
		catch (MaterialException ex) {
			if (given == null && ex.problem() == MaterialException.Problem.PASSWORD_REQUIRED) {
				char[] provided = providedPassword(context, location);
				if (provided != null) {
					return material(property, () -> Material.privateKey(location, provided));
				}
			}
			throw configuration(property, ex);
		}
	}

	private List<X509Certificate> certificates(String location, String property) {
		if (location.startsWith(BEAN_PREFIX)) {
			Object bean = bean(location, Object.class, property);
			if (bean instanceof X509Certificate certificate) {
				return List.of(certificate);
			}
			if (bean instanceof List<?> list && list.stream().allMatch(X509Certificate.class::isInstance)) {
				return list.stream().map(X509Certificate.class::cast).toList();
			}
			if (bean instanceof X509Certificate[] array) {
				return List.of(array);
			}
			throw new SslConfigurationException(property,
					"bean '" + location.substring(BEAN_PREFIX.length()) + "' is a " + bean.getClass().getName()
							+ ", not an X509Certificate, X509Certificate[] or List<X509Certificate>",
					"point " + property + " at a certificate bean");
		}
		return material(property, () -> Material.certificates(location));
	}

	private void trust(String context, Merged merged, SslSettings.Builder builder, String prefix) {
		String property = prefix + "trust.";
		List<X509Certificate> anchors = new ArrayList<>();
		List<X509CRL> crls = new ArrayList<>();
		Trust trust = merged.trust();
		String caFile = trust.caFile();
		if (caFile != null) {
			anchors.addAll(certificates(caFile, property + "ca-file"));
			warnOfPrivateKey(caFile, property + "ca-file");
		}
		String caPath = trust.caPath();
		if (caPath != null) {
			anchors.addAll(material(property + "ca-path", () -> Material.caDirectory(caPath)));
		}
		String bundle = trust.bundle();
		if (bundle != null) {
			anchors.addAll(trustFromBundle(bundle, property + "bundle"));
		}
		String crlFile = trust.crlFile();
		// check-crl: as set, or on when a CRL file is given; off, no CRL is read
		if ((trust.checkCrl() != null) ? trust.checkCrl() : crlFile != null) {
			if (crlFile != null) {
				crls.addAll(material(property + "crl-file", () -> Material.crls(crlFile)));
			}
			if (caPath != null) {
				crls.addAll(material(property + "ca-path", () -> Material.caDirectoryCrls(caPath)));
			}
		}
		builder.trustedCertificates(anchors);
		builder.crls(crls);
		builder.trustCheckCrl(trust.checkCrl());
		builder.trustRevocationUnknown(
				orDefault(trust.revocationUnknown(), io.github.sslstarter.core.RevocationUnknown.FAIL));
		builder.trustSystemDefaults(orDefault(trust.systemDefaults(), true));
		pinsAndOcsp(merged, builder, property);
	}

	/** Pins and OCSP: inherited per property, not with the anchors. */
	private static void pinsAndOcsp(Merged merged, SslSettings.Builder builder, String property) {
		List<String> pins = merged.nested(SslContextProperties::trust, Trust::pins);
		if (pins != null) {
			for (int i = 0; i < pins.size(); i++) {
				try {
					io.github.sslstarter.verify.Pins.of(List.of(pins.get(i)));
				}
				catch (IllegalArgumentException ex) {
					throw new SslConfigurationException(property + "pins[" + i + "]", ex.getMessage(),
							"write sha256/<base64> (OkHttp's SPKI pin, which a pin mismatch prints), sha256$<hex> "
									+ "(openssl x509 -fingerprint -sha256) or sha256$pub$<hex>");
				}
			}
			builder.trustPins(io.github.sslstarter.verify.Pins.of(pins));
		}
		builder.trustPinsReplaceChain(orDefault(merged.nested(SslContextProperties::trust, Trust::pinsReplaceChain), false));
		SslContextProperties.Ocsp top = (merged.top().trust() != null) ? merged.top().trust().ocsp() : null;
		SslContextProperties.Ocsp own = (merged.named() != null && merged.named().trust() != null)
				? merged.named().trust().ocsp() : null;
		io.github.sslstarter.core.OcspMode mode = ocsp(own, top, SslContextProperties.Ocsp::mode);
		if (mode != null) {
			builder.trustOcspMode(mode);
		}
		Duration timeout = ocsp(own, top, SslContextProperties.Ocsp::timeout);
		if (timeout != null) {
			if (timeout.isNegative() || timeout.isZero()) {
				throw new SslConfigurationException(property + "ocsp.timeout", "the timeout " + timeout + " is not positive",
						"give how long an OCSP responder may take to answer, such as 5s");
			}
			builder.trustOcspTimeout(timeout);
		}
		Integer cacheSize = ocsp(own, top, SslContextProperties.Ocsp::cacheSize);
		if (cacheSize != null) {
			if (cacheSize < 0) {
				throw new SslConfigurationException(property + "ocsp.cache-size", "the size " + cacheSize + " is negative",
						"give how many OCSP answers to keep, or 0 for none");
			}
			builder.trustOcspCacheSize(cacheSize);
		}
	}

	private static <T> T ocsp(SslContextProperties.Ocsp own, SslContextProperties.Ocsp top,
			Function<SslContextProperties.Ocsp, T> property) {
		T value = (own != null) ? property.apply(own) : null;
		return (value != null || top == null) ? value : property.apply(top);
	}

	private io.github.sslstarter.material.Identity identityFromBundle(String name, String property) {
		SslBundle bundle = bundle(name, property);
		KeyStore store = bundle.getStores().getKeyStore();
		if (store == null) {
			throw new SslConfigurationException(property, "SSL bundle '" + name + "' has no key store",
					"configure spring.ssl.bundle.*." + name + ".keystore, or use identity.certificate/private-key");
		}
		String password = bundle.getStores().getKeyStorePassword();
		String keyPassword = (bundle.getKey().getPassword() != null) ? bundle.getKey().getPassword() : password;
		return material(property, () -> io.github.sslstarter.material.Identity.fromKeyStore(store,
				bundle.getKey().getAlias(), (keyPassword != null) ? keyPassword.toCharArray() : new char[0],
				"SSL bundle '" + name + "'"));
	}

	private List<X509Certificate> trustFromBundle(String name, String property) {
		SslBundle bundle = bundle(name, property);
		KeyStore store = bundle.getStores().getTrustStore();
		if (store == null) {
			throw new SslConfigurationException(property, "SSL bundle '" + name + "' has no trust store",
					"configure spring.ssl.bundle.*." + name + ".truststore");
		}
		try {
			List<X509Certificate> anchors = new ArrayList<>();
			for (String alias : Collections.list(store.aliases())) {
				Certificate certificate = store.getCertificate(alias);
				if (certificate instanceof X509Certificate x509) {
					anchors.add(x509);
				}
			}
			return anchors;
		}
		catch (KeyStoreException ex) {
			throw new SslConfigurationException(property, "SSL bundle '" + name + "' trust store cannot be read",
					"check spring.ssl.bundle.*." + name, ex);
		}
	}

	private SslBundle bundle(String name, String property) {
		if (this.bundles == null) {
			throw new SslConfigurationException(property, "no Spring Boot SSL bundles are available",
					"define spring.ssl.bundle.*." + name);
		}
		try {
			return this.bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new SslConfigurationException(property, "there is no SSL bundle named '" + name + "'",
					"define it under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ ", or fix the name",
					ex);
		}
	}

	private <T> T bean(String location, Class<T> type, String property) {
		String name = location.substring(BEAN_PREFIX.length());
		Object bean;
		try {
			bean = this.beans.apply(name);
		}
		catch (org.springframework.beans.factory.NoSuchBeanDefinitionException ex) {
			// not chained: Spring's own analysis of the cause would be shown instead, without the property
			throw new SslConfigurationException(property, "there is no bean named '" + name + "'",
					"define a bean of that name, or fix " + property);
		}
		if (!type.isInstance(bean)) {
			throw new SslConfigurationException(property,
					"bean '" + name + "' is a " + bean.getClass().getName() + ", not a " + type.getSimpleName(),
					"point " + property + " at a " + type.getSimpleName() + " bean");
		}
		return type.cast(bean);
	}

	private char[] password(String context, String location, String given) {
		if (given != null) {
			return given.toCharArray();
		}
		return providedPassword(context, location);
	}

	private char[] providedPassword(String context, String location) {
		for (SslPasswordProvider provider : this.passwordProviders) {
			char[] password = provider.password(context, location);
			if (password != null) {
				return password;
			}
		}
		return null;
	}

	private static <T> T material(String property, Supplier<T> loader) {
		try {
			return loader.get();
		}
		catch (MaterialException ex) {
			throw configuration(property, ex);
		}
	}

	private static SslConfigurationException configuration(String property, MaterialException ex) {
		String message = ex.getMessage();
		if (ex.location() != null && !message.contains(ex.location())) {
			message = message + " (" + ex.location() + ")";
		}
		return new SslConfigurationException(property, message, ex.action(), ex);
	}

	/**
	 * Our own certificate must be valid now: an expired one stops startup (every peer would refuse
	 * it), one not valid yet is logged (the clocks may differ by a little).
	 */
	private static void checkValidity(io.github.sslstarter.material.Identity identity, String property) {
		if (identity == null) {
			return;
		}
		X509Certificate leaf = identity.chain().get(0);
		java.util.Date now = new java.util.Date();
		if (leaf.getNotAfter().before(now)) {
			throw new SslConfigurationException(property,
					"our certificate " + leaf.getSubjectX500Principal().getName() + " expired on "
							+ leaf.getNotAfter().toInstant(),
					"renew the certificate and point " + property + " at the new one");
		}
		if (leaf.getNotBefore().after(now)) {
			logger.warn("TLS identity " + property + ": certificate " + leaf.getSubjectX500Principal().getName()
					+ " is not valid before " + leaf.getNotBefore().toInstant() + "; peers will refuse it until then");
		}
	}

	// a trust file is often copied around: a private key in it is a key leaked
	private static void warnOfPrivateKey(String location, String property) {
		if (location.startsWith(BEAN_PREFIX)) {
			return;
		}
		try {
			if (Material.text(location).contains("PRIVATE KEY-----")) {
				logger.warn(property + " (" + Material.describe(location) + ") holds a private key as well as CA"
						+ " certificates: keep private keys out of trust files, which are shared");
			}
		}
		catch (MaterialException ex) {
			// DER or unreadable as text: the certificates were read, nothing more to say
		}
	}

	private static <T> T orDefault(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	private static <T> List<T> orEmpty(List<T> value) {
		return (value != null) ? value : List.of();
	}

	/** A named context's values over the top level's. */
	private record Merged(SslContextProperties top, SslContextProperties named) {

		<T> T get(Function<SslContextProperties, T> property) {
			T value = (this.named != null) ? property.apply(this.named) : null;
			return (value != null) ? value : property.apply(this.top);
		}

		<N, T> T nested(Function<SslContextProperties, N> group, Function<N, T> property) {
			N namedGroup = (this.named != null) ? group.apply(this.named) : null;
			T value = (namedGroup != null) ? property.apply(namedGroup) : null;
			if (value != null) {
				return value;
			}
			N topGroup = group.apply(this.top);
			return (topGroup != null) ? property.apply(topGroup) : null;
		}

		/**
		 * The trust settings are inherited as a whole: a named context that sets any of them
		 * trusts exactly what it says, never the top level's extra anchors as well.
		 */
		Trust trust() {
			Trust own = (this.named != null) ? this.named.trust() : null;
			Trust trust = (own != null && own.setsAnchors()) ? own : this.top.trust();
			return (trust != null) ? trust : new Trust(null, null, null, null, null, null, null, null, null, null);
		}

		/**
		 * The hostname scheme, its custom rules and its callback are inherited together: a named
		 * context that sets one of them never mixes with the top level's others.
		 */
		Verify scheme() {
			Verify own = (this.named != null) ? this.named.verify() : null;
			if (own != null && (own.scheme() != null || own.custom() != null || own.hostnameCallback() != null)) {
				return own;
			}
			Verify top = this.top.verify();
			return (top != null) ? top : new Verify(null, null, null, null, null, null);
		}

		/**
		 * The identity and the further identities are inherited as a whole: parts of two
		 * identities never mix, nor a context's certificates with another's.
		 */
		boolean ownIdentities() {
			if (this.named == null) {
				return false;
			}
			Identity own = this.named.identity();
			return (own != null && own.isConfigured())
					|| (this.named.identities() != null && !this.named.identities().isEmpty());
		}

		Identity identity() {
			return (ownIdentities() ? this.named : this.top).identity();
		}

		List<SslContextProperties.HostIdentity> identities() {
			List<SslContextProperties.HostIdentity> identities = (ownIdentities() ? this.named : this.top).identities();
			return (identities != null) ? identities : List.of();
		}

	}

}
