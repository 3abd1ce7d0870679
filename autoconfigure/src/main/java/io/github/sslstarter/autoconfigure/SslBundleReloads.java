package io.github.sslstarter.autoconfigure;

import java.util.List;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;

/**
 * Makes every context that takes its identity or trust from a Spring Boot SSL bundle
 * ({@code identity.bundle}, {@code trust.bundle}) follow that bundle's own reloads
 * ({@code spring.ssl.bundle.*.reload-on-update}): when Boot updates the bundle, the context's
 * material is loaded again from it, as at startup.
 */
final class SslBundleReloads {

	private SslBundleReloads() {
	}

	static void follow(SslContexts contexts, SslBundles bundles) {
		for (String name : contexts.names()) {
			for (String bundle : contexts.bundlesOf(name)) {
				try {
					bundles.addBundleUpdateHandler(bundle,
							(updated) -> contexts.reloader(name).reload(List.of("SSL bundle '" + bundle + "'")));
				}
				catch (NoSuchSslBundleException ex) {
					// the context could not have been built: its loading names the missing bundle
				}
			}
		}
	}

}
