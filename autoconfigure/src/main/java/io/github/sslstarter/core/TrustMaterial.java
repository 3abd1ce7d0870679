package io.github.sslstarter.core;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
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
 * them and, when CRL checking is on ({@code trust.check-crl}), every certificate below the anchor
 * against the CRLs of {@code trust.crl-file} and the CA directory.
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
			if (!checksCrls(settings)) {
				TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
				factory.init(store);
				return extended(factory);
			}
			if (settings.crls().isEmpty() && settings.trustRevocationUnknown() == RevocationUnknown.FAIL) {
				throw new SslConfigurationException("trust.check-crl",
						"CRL checking is on but no CRL was found (trust.crl-file, or files named <hash>.r<n> in "
								+ "trust.ca-path), so every chain would be refused as revocation unknown",
						"add the CRLs of the CAs (openssl rehash names them in a CA directory), set "
								+ "trust.revocation-unknown=accept, or set trust.check-crl=false");
			}
			X509ExtendedTrustManager hard = crlChecking(store, settings.crls(), false);
			if (settings.trustRevocationUnknown() == RevocationUnknown.ACCEPT) {
				return new SoftFailTrustManager(settings.name(), hard, crlChecking(store, settings.crls(), true));
			}
			return hard;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new SslConfigurationException("trust", "the trust anchors cannot be used: " + ex.getMessage(),
					"check the CA certificates and CRLs", ex);
		}
	}

	/**
	 * Whether chains are checked against CRLs: {@code trust.check-crl}, or, when that is not
	 * set, whether CRLs are given (IO::Socket::SSL's {@code SSL_check_crl} with a CRL file).
	 */
	static boolean checksCrls(SslSettings settings) {
		return (settings.trustCheckCrl() != null) ? settings.trustCheckCrl() : !settings.crls().isEmpty();
	}

	/**
	 * A PKIX trust manager that checks every certificate of the chain below the anchor against
	 * the CRLs it is given, and nothing else: no OCSP, no fetching from distribution points
	 * (unless the JDK's {@code com.sun.security.enableCRLDP} says so). A certificate for which
	 * no CRL of its issuer is found has an undetermined status: a failure, unless {@code soft}.
	 */
	private static X509ExtendedTrustManager crlChecking(KeyStore store, List<X509CRL> crls, boolean soft)
			throws GeneralSecurityException {
		PKIXBuilderParameters parameters = new PKIXBuilderParameters(store, new X509CertSelector());
		parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
		PKIXRevocationChecker checker = (PKIXRevocationChecker) CertPathValidator.getInstance("PKIX")
			.getRevocationChecker();
		Set<PKIXRevocationChecker.Option> options = EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
				PKIXRevocationChecker.Option.NO_FALLBACK);
		if (soft) {
			options.add(PKIXRevocationChecker.Option.SOFT_FAIL);
		}
		checker.setOptions(options);
		parameters.addCertPathChecker(checker);
		parameters.setRevocationEnabled(true);
		TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
		factory.init(new CertPathTrustManagerParameters(parameters));
		return extended(factory);
	}

	private static X509ExtendedTrustManager extended(TrustManagerFactory factory) {
		for (TrustManager manager : factory.getTrustManagers()) {
			if (manager instanceof X509ExtendedTrustManager extended) {
				return extended;
			}
		}
		throw new IllegalStateException("The PKIX trust manager factory returned no X509ExtendedTrustManager");
	}

}
