package io.github.sslstarter.material;

import java.io.IOException;
import java.io.StringReader;
import java.security.NoSuchAlgorithmException;

import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.bc.BcPEMDecryptorProvider;

import io.github.sslstarter.material.MaterialException.Problem;

/**
 * Decrypts legacy OpenSSL-encrypted PEM keys ({@code Proc-Type: 4,ENCRYPTED} with a
 * {@code DEK-Info} header), which neither the JDK nor Spring Boot read. With
 * {@link BouncyCastlePbe}, the only classes of this package that link Bouncy Castle: they are
 * loaded only after {@link BouncyCastle#isPresent()}.
 */
final class LegacyEncryptedKeys {

	private LegacyEncryptedKeys() {
	}

	/** The decrypted key as a DER PrivateKeyInfo (PKCS#8), for Spring Boot's parser to read. */
	static byte[] decrypt(String block, String cipher, char[] password, String location) {
		Object object;
		try (PEMParser parser = new PEMParser(new StringReader(block))) {
			object = parser.readObject();
		}
		catch (IOException | RuntimeException ex) {
			throw PrivateKeys.unparseable("encrypted PRIVATE KEY", location, ex);
		}
		if (!(object instanceof PEMEncryptedKeyPair encrypted)) {
			throw PrivateKeys.unparseable("encrypted PRIVATE KEY", location, null);
		}
		PEMKeyPair pair;
		try {
			// Bouncy Castle's own ciphers and OpenSSL key derivation: no JCA provider to register.
			pair = encrypted.decryptKeyPair(new BcPEMDecryptorProvider(password));
		}
		catch (IOException | RuntimeException ex) {
			if (String.valueOf(ex.getMessage()).startsWith("unknown encryption")
					|| PrivateKeys.hasCause(ex, NoSuchAlgorithmException.class)) {
				throw new MaterialException(Problem.UNPARSEABLE, location,
						"The key is encrypted with a cipher (DEK-Info: " + cipher + ") that is not supported",
						"Convert it to encrypted PKCS#8: openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key-pkcs8.pem",
						ex);
			}
			// A wrong password shows as bad padding, or (rarely) as garbage that fails to parse.
			throw PrivateKeys.wrongPassword(location, ex);
		}
		try {
			return pair.getPrivateKeyInfo().getEncoded();
		}
		catch (IOException | RuntimeException ex) {
			throw PrivateKeys.unparseable("encrypted PRIVATE KEY", location, ex);
		}
	}

}
