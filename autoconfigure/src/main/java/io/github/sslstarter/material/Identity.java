package io.github.sslstarter.material;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and its certificate chain, leaf first. Its {@code toString} never shows the key.
 * STUB: the material work fills in {@link #of} (key/certificate match) and {@link #fromKeyStore}.
 */
public record Identity(PrivateKey privateKey, List<X509Certificate> chain) {

	/** Builds an identity, checking that the key belongs to the leaf certificate. */
	public static Identity of(PrivateKey privateKey, List<X509Certificate> chain) {
		return new Identity(privateKey, List.copyOf(chain));
	}

	/**
	 * Reads the key entry {@code alias} (null: the only key entry) from a keystore.
	 */
	public static Identity fromKeyStore(KeyStore keyStore, String alias, char[] keyPassword, String location) {
		throw new UnsupportedOperationException("stub");
	}

	/** The leaf certificate. */
	public X509Certificate certificate() {
		return this.chain.get(0);
	}

	@Override
	public String toString() {
		return "Identity[" + certificate().getSubjectX500Principal().getName() + ", " + this.privateKey.getAlgorithm()
				+ " key, chain of " + this.chain.size() + "]";
	}

}
