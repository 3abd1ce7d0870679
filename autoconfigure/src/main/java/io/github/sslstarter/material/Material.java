package io.github.sslstarter.material;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Loads keys, certificates, keystores, CA directories and CRLs. Every {@code location} is one of:
 * a file path, a {@code file:} URL, a {@code classpath:} resource (thread context class loader
 * first), or inline PEM text (anything containing {@code -----BEGIN}). Every failure is a
 * {@link MaterialException} that names the location (inline PEM only by its size), the problem
 * and what to do; passwords and key bytes never appear in it.
 */
public final class Material {

	private Material() {
	}

	/**
	 * A private key (RSA, RSASSA-PSS, EC or EdDSA) in PEM: PKCS#8, PKCS#1 RSA, SEC1 EC, encrypted
	 * PKCS#8, legacy OpenSSL-encrypted ({@code Proc-Type: 4,ENCRYPTED}, needs Bouncy Castle); or in
	 * DER: PKCS#8, encrypted PKCS#8, PKCS#1, SEC1. Encrypted PKCS#8 is read in every scheme
	 * {@code openssl pkcs8} writes: PBES2 with PBKDF2 (any HMAC) or scrypt and a CBC cipher, and the
	 * PKCS#5 v1.5 and PKCS#12 schemes of {@code -v1}; scrypt and the Camellia, ARIA, SM4, SEED and
	 * CAST5 ciphers need Bouncy Castle. The first key of a PEM file is taken; at most 8 MiB are read.
	 * @param location where the key is
	 * @param password the password of an encrypted key; may be null for unencrypted keys
	 * @return the key
	 * @throws MaterialException NOT_FOUND, UNREADABLE, EMPTY, UNPARSEABLE, PASSWORD_REQUIRED,
	 * WRONG_PASSWORD (only when decryption fails), MISSING_DEPENDENCY or TOO_LARGE
	 */
	public static PrivateKey privateKey(String location, char[] password) {
		return PrivateKeys.read(Location.of(location), password);
	}

	/**
	 * One or more certificates: any number of PEM blocks, or DER (one certificate or PKCS#7); at
	 * most 8 MiB are read.
	 * @param location where the certificates are
	 * @return the certificates in file order, never empty
	 * @throws MaterialException NOT_FOUND, UNREADABLE, EMPTY, UNPARSEABLE (also a BEGIN line without
	 * its END) or TOO_LARGE
	 */
	public static List<X509Certificate> certificates(String location) {
		return Certificates.read(Location.of(location));
	}

	/**
	 * A loaded keystore.
	 * @param location where the keystore is (not inline)
	 * @param type PKCS12, JKS (or another type the JVM knows); null to detect PKCS12, JKS or
	 * JCEKS from the content
	 * @param password the keystore password; null loads a PKCS12 file without checking its
	 * integrity, as the JDK does
	 * @return the keystore
	 * @throws MaterialException NOT_FOUND, UNREADABLE, UNPARSEABLE, PASSWORD_REQUIRED or
	 * WRONG_PASSWORD
	 */
	public static KeyStore keyStore(String location, String type, char[] password) {
		return KeyStores.read(Location.of(location), type, password);
	}

	/**
	 * Every distinct certificate in a CA directory: files with OpenSSL hashed names
	 * ({@code 3a1b2c4d.0}, as made by {@code openssl rehash}, usually symlinks) and plain
	 * {@code *.pem}, {@code *.crt}, {@code *.cer} files. A file holding several certificates
	 * contributes all; a certificate reached by a link and by its file counts once. PEM files
	 * without a certificate and dangling links are skipped.
	 * @param directory a directory path or {@code file:} URL
	 * @return the certificates, in file-name order, never empty
	 * @throws MaterialException NOT_FOUND, UNREADABLE (not a directory, cannot be read), EMPTY,
	 * or UNPARSEABLE (a candidate file that is not a certificate)
	 */
	public static List<X509Certificate> caDirectory(String directory) {
		return CaDirectory.certificates(Location.of(directory));
	}

	/**
	 * Every distinct CRL in a CA directory, from files with OpenSSL hashed CRL names
	 * ({@code 3a1b2c4d.r0}).
	 * @param directory a directory path or {@code file:} URL
	 * @return the CRLs, possibly empty
	 * @throws MaterialException NOT_FOUND, UNREADABLE or UNPARSEABLE
	 */
	public static List<X509CRL> caDirectoryCrls(String directory) {
		return CaDirectory.crls(Location.of(directory));
	}

	/**
	 * X.509 CRLs from PEM ({@code X509 CRL} blocks) or DER.
	 * @param location where the CRLs are
	 * @return the CRLs in file order, never empty
	 * @throws MaterialException NOT_FOUND, UNREADABLE, EMPTY or UNPARSEABLE
	 */
	public static List<X509CRL> crls(String location) {
		return Certificates.readCrls(Location.of(location));
	}

	/**
	 * The text at a location (for example DH parameters), read as US-ASCII.
	 * @param location a file path, {@code file:} URL, {@code classpath:} resource or inline PEM
	 * @return the content
	 */
	public static String text(String location) {
		return new String(Location.of(location).read(), java.nio.charset.StandardCharsets.US_ASCII);
	}

	/**
	 * A short description of a location that is safe to show: the location itself, or for
	 * inline PEM only its size.
	 * @param location a location as configured
	 * @return its description
	 */
	public static String describe(String location) {
		return (location != null && Location.isInline(location)) ? Location.of(location).description()
				: String.valueOf(location);
	}

	/**
	 * The file system path of a location, for watching it: a file path or {@code file:} URL;
	 * {@code null} for inline PEM and {@code classpath:} resources, which do not change.
	 * @param location a location as configured
	 * @return its path, or {@code null}
	 * @throws MaterialException NOT_FOUND when it is not a valid path or URL
	 */
	public static java.nio.file.Path file(String location) {
		Location parsed = Location.of(location);
		if (parsed.isInline() || location.strip().startsWith(Location.CLASSPATH_PREFIX)) {
			return null;
		}
		return parsed.path();
	}

}
