package io.github.sslstarter.core;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The trust side of a context: its anchors (configured ones, plus the JDK's when
 * {@code trust.system-defaults} is on) and the PKIX trust manager that checks peer chains against
 * them and, when CRLs are given, against those.
 */
final class TrustMaterial {

	private static volatile List<X509Certificate> systemDefaults;

	private final List<X509Certificate> anchors;

	private final X509ExtendedTrustManager pkix;

	private TrustMaterial(List<X509Certificate> anchors, X509ExtendedTrustManager pkix) {
		this.anchors = anchors;
		this.pkix = pkix;
	}

	/** The trust of {@code settings}; without verification, no PKIX trust manager. */
	static TrustMaterial of(SslSettings settings) {
		Set<X509Certificate> anchors = new LinkedHashSet<>(settings.trustedCertificates());
		if (settings.trustSystemDefaults()) {
			anchors.addAll(systemDefaults());
		}
		List<X509Certificate> list = List.copyOf(anchors);
		if (!settings.verifyMode().verifies()) {
			return new TrustMaterial(list, null);
		}
		if (list.isEmpty()) {
			throw new SslConfigurationException("trust",
					"no trust anchors: trust.system-defaults is off and no CA certificate is configured",
					"set trust.ca-file, trust.ca-path or trust.bundle, or set trust.system-defaults=true");
		}
		return new TrustMaterial(list, pkix(list, settings));
	}

	/** The anchors peers are verified against. */
	List<X509Certificate> anchors() {
		return this.anchors;
	}

	/** Checks chains against the anchors; {@code null} when the context does not verify. */
	X509ExtendedTrustManager pkix() {
		return this.pkix;
	}

	/** The JDK's default trust anchors (its cacerts, or javax.net.ssl.trustStore), loaded once. */
	static List<X509Certificate> systemDefaults() {
		List<X509Certificate> anchors = systemDefaults;
		if (anchors == null) {
			try {
				TrustManagerFactory factory = TrustManagerFactory
					.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				factory.init((KeyStore) null);
				List<X509Certificate> loaded = new ArrayList<>();
				for (TrustManager manager : factory.getTrustManagers()) {
					if (manager instanceof X509TrustManager x509) {
						loaded.addAll(Arrays.asList(x509.getAcceptedIssuers()));
					}
				}
				anchors = List.copyOf(loaded);
				systemDefaults = anchors;
			}
			catch (GeneralSecurityException ex) {
				throw new SslConfigurationException("trust.system-defaults",
						"the JDK's default trust store cannot be read: " + ex.getMessage(),
						"fix the JDK's cacerts or javax.net.ssl.trustStore, or set trust.system-defaults=false", ex);
			}
		}
		return anchors;
	}

	private static X509ExtendedTrustManager pkix(List<X509Certificate> anchors, SslSettings settings) {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			int i = 0;
			for (X509Certificate anchor : anchors) {
				store.setCertificateEntry("anchor-" + i++, anchor);
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
			if (settings.crls().isEmpty()) {
				factory.init(store);
			}
			else {
				PKIXBuilderParameters parameters = new PKIXBuilderParameters(store, new X509CertSelector());
				parameters.addCertStore(
						CertStore.getInstance("Collection", new CollectionCertStoreParameters(settings.crls())));
				parameters.setRevocationEnabled(true);
				factory.init(new CertPathTrustManagerParameters(parameters));
			}
			for (TrustManager manager : factory.getTrustManagers()) {
				if (manager instanceof X509ExtendedTrustManager extended) {
					return extended;
				}
			}
			throw new IllegalStateException("The PKIX trust manager factory returned no X509ExtendedTrustManager");
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new SslConfigurationException("trust", "the trust anchors cannot be used: " + ex.getMessage(),
					"check the CA certificates and CRLs", ex);
		}
	}

}
