package io.github.sslstarter.autoconfigure;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Set;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.material.Identity;

/**
 * Publishes every context as a Spring Boot SSL bundle of the same name, so that Boot's own
 * clients, its {@code ssl} health indicator and its {@code ssl.chain.expiry} metric see the
 * identity and trust anchors configured here (the bundle's key is the default identity; the
 * further {@code identities} are entries of its key store that Boot's health and metric see,
 * but its clients and servers do not use). A bundle name already taken is left alone.
 */
final class SslBundlePublisher {

	private static final String KEY_ALIAS = "identity";

	private SslBundlePublisher() {
	}

	static void publish(SslContexts contexts, SslBundleRegistry registry, SslBundles bundles) {
		Set<String> taken = Set.copyOf(bundles.getBundleNames());
		for (String name : contexts.names()) {
			if (!taken.contains(name)) {
				registry.registerBundle(name, bundle(contexts.contextFactory(name)));
			}
		}
	}

	static SslBundle bundle(SslContextFactory factory) {
		SslSettings settings = factory.settings();
		KeyStore keyStore = (settings.identity() != null) ? keyStore(settings) : null;
		KeyStore trustStore = trustStore(settings);
		return SslBundle.of(SslStoreBundle.of(keyStore, "", trustStore), SslBundleKey.of("", KEY_ALIAS),
				SslOptions.of(factory.cipherSuites().toArray(new String[0]),
						factory.protocols().toArray(new String[0])));
	}

	// the bundle's key is the default identity; the further ones are entries of their own, so that
	// Boot's ssl health and ssl.chain.expiry, which read every entry, cover them too
	private static KeyStore keyStore(SslSettings settings) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			add(store, KEY_ALIAS, settings.identity());
			for (int i = 0; i < settings.identities().size(); i++) {
				add(store, "identities[" + i + "]", settings.identities().get(i).identity());
			}
			return store;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot hold the identity in a key store", ex);
		}
	}

	private static void add(KeyStore store, String alias, Identity identity) throws Exception {
		store.setKeyEntry(alias, identity.privateKey(), new char[0], identity.chain().toArray(new X509Certificate[0]));
	}

	private static KeyStore trustStore(SslSettings settings) {
		if (settings.trustedCertificates().isEmpty()) {
			return null;
		}
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			int i = 0;
			for (X509Certificate certificate : settings.trustedCertificates()) {
				store.setCertificateEntry("ca-" + i++, certificate);
			}
			return store;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot hold the trust anchors in a key store", ex);
		}
	}

}
