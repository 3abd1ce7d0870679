package io.github.sslstarter.material;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Loads keys, certificates, keystores, CA directories and CRLs from a location: a file path,
 * {@code file:} URL, {@code classpath:} resource, or inline PEM text. STUB: replaced by the
 * material work; keep the public signatures.
 */
public final class Material {

	private Material() {
	}

	/** A private key in any supported format; {@code password} may be null for unencrypted keys. */
	public static PrivateKey privateKey(String location, char[] password) {
		throw new UnsupportedOperationException("stub");
	}

	/** One or more certificates (PEM or DER), in file order. */
	public static List<X509Certificate> certificates(String location) {
		throw new UnsupportedOperationException("stub");
	}

	/** A PKCS#12 or JKS keystore; {@code type} null means: guess from the content. */
	public static KeyStore keyStore(String location, String type, char[] password) {
		throw new UnsupportedOperationException("stub");
	}

	/** Every CA certificate in a directory: OpenSSL hashed names or *.pem, *.crt, *.cer files. */
	public static List<X509Certificate> caDirectory(String directory) {
		throw new UnsupportedOperationException("stub");
	}

	/** CRLs in a CA directory (OpenSSL hashed names {@code hash.rN}). */
	public static List<X509CRL> caDirectoryCrls(String directory) {
		throw new UnsupportedOperationException("stub");
	}

	/** CRLs (PEM or DER) from a file. */
	public static List<X509CRL> crls(String location) {
		throw new UnsupportedOperationException("stub");
	}

}
