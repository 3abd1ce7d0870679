package io.github.sslstarter.autoconfigure;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
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
 * Publishes every context as a Spring Boot SSL bundle of the same name, so that every Boot route
 * that takes a bundle name ({@code spring.http.clients.ssl.bundle}, {@code RestClientSsl},
 * {@code WebClientSsl}, {@code spring.mail.ssl.bundle}…) applies the context's whole rules, and
 * Boot's {@code ssl} health indicator and {@code ssl.chain.expiry} metric see its identity; each
 * further identity is a bundle {@code <context>.identities[n]} of its own. A bundle name already
 * taken is left alone.
 * <p>
 * The bundle's managers are the context's own: its trust manager verifies the chain, the security
 * level, the callback, the host name by the context's scheme and {@code verify.name}, with the
 * system anchors when the context trusts them; its key manager presents the context's identity.
 * {@code createSslContext()} returns the context's own {@code SSLContext} (its sessions, its
 * parameters as defaults, {@code tls.handshake} for every handshake). The stores hold the identity
 * and every trust anchor, for the consumers that read stores; the options carry the context's
 * protocols and suites. When the context's material is reloaded, the managers and the
 * {@code SSLContext} follow by themselves; the bundle is updated too (new stores, Boot's bundle
 * update handlers run).
 */
final class SslBundlePublisher {

	private static final String KEY_ALIAS = "identity";

	private SslBundlePublisher() {
	}

	static void publish(SslContexts contexts, SslBundleRegistry registry, SslBundles bundles) {
		Set<String> taken = Set.copyOf(bundles.getBundleNames());
		for (String name : contexts.names()) {
			if (!taken.contains(name)) {
				SslContextFactory factory = contexts.contextFactory(name);
				registry.registerBundle(name, bundle(factory));
				contexts.reloader(name).addListener((reload) -> {
					if (reload.succeeded() && reload.change().changed()) {
						registry.updateBundle(name, bundle(factory));
					}
				});
			}
			publishIdentities(name, contexts.contextFactory(name), registry, taken);
		}
	}

	/**
	 * Each further identity ({@code identities[n]}) as a bundle of its own holding only its key,
	 * {@code <context>.identities[n]}, so that Boot's {@code ssl} health and {@code ssl.chain.expiry},
	 * which read every bundle's stores, cover it too. The context's own bundle keeps the default
	 * identity alone in its key store (its key manager, the context's, serves them all by SNI).
	 */
	private static void publishIdentities(String name, SslContextFactory factory, SslBundleRegistry registry,
			Set<String> taken) {
		List<io.github.sslstarter.core.HostIdentity> identities = factory.settings().identities();
		for (int i = 0; i < identities.size(); i++) {
			String bundleName = name + ".identities[" + i + "]";
			if (!taken.contains(bundleName)) {
				registry.registerBundle(bundleName,
						SslBundle.of(SslStoreBundle.of(keyStore(identities.get(i).identity()), "", null),
								SslBundleKey.of("", KEY_ALIAS), SslOptions.of(factory.cipherSuites().toArray(new String[0]),
										factory.protocols().toArray(new String[0]))));
			}
		}
	}

	static SslBundle bundle(SslContextFactory factory) {
		SslSettings settings = factory.settings();
		KeyStore keyStore = (settings.identity() != null) ? keyStore(settings.identity()) : null;
		KeyStore trustStore = trustStore(factory);
		return SslBundle.of(SslStoreBundle.of(keyStore, "", trustStore), SslBundleKey.of("", KEY_ALIAS),
				SslOptions.of(factory.cipherSuites().toArray(new String[0]),
						factory.protocols().toArray(new String[0])),
				SslBundle.DEFAULT_PROTOCOL, new ContextManagerBundle(factory));
	}

	private static KeyStore keyStore(Identity identity) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry(KEY_ALIAS, identity.privateKey(), new char[0],
					identity.chain().toArray(new X509Certificate[0]));
			return store;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot hold the identity in a key store", ex);
		}
	}

	private static KeyStore trustStore(SslContextFactory factory) {
		List<X509Certificate> anchors = factory.trustAnchors();
		if (anchors.isEmpty()) {
			return null;
		}
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			int i = 0;
			for (X509Certificate certificate : anchors) {
				store.setCertificateEntry("ca-" + i++, certificate);
			}
			return store;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot hold the trust anchors in a key store", ex);
		}
	}

}
