package io.github.sslstarter.material;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.RC2ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.sslstarter.material.MaterialException.Problem;
import io.github.sslstarter.material.PbeScheme.CipherSpec;
import io.github.sslstarter.material.PbeScheme.Pbkdf1;
import io.github.sslstarter.material.PbeScheme.Pbkdf2;
import io.github.sslstarter.material.PbeScheme.Pkcs12;
import io.github.sslstarter.material.PbeScheme.Scrypt;

/**
 * Decrypts an encrypted PKCS#8 key (EncryptedPrivateKeyInfo) to its PrivateKeyInfo. The key
 * derivations (PBKDF1, PBKDF2, the PKCS#12 KDF) are a few lines over the JDK's digests and MACs
 * and the ciphers are the JDK's, so every scheme {@code openssl pkcs8} writes with PBKDF2 or -v1
 * needs nothing else; Bouncy Castle supplies scrypt and the ciphers the JDK lacks. The JDK's own
 * {@code EncryptedPrivateKeyInfo} is not used: it reads PBES2 with AES only, and only with ASCII
 * passwords. Only a failed decryption (bad padding, or a result that is not a PrivateKeyInfo)
 * blames the password.
 */
final class PbeDecryptor {

	/** More KDF iterations than any real key uses (openssl writes 2048): a bound on hostile files. */
	static final int MAX_ITERATIONS = 10_000_000;

	/** The most memory scrypt may take (openssl's own default limit is 32 MiB). */
	static final long MAX_SCRYPT_MEMORY = 256L * 1024 * 1024;

	static final String CONVERT = "Re-encrypt the key with PBES2 and AES: openssl pkcs8 -topk8 -v2 aes-256-cbc "
			+ "-in key.pem -out key-aes.pem (add -provider legacy -provider default if openssl 3 cannot read the old scheme)";

	private PbeDecryptor() {
	}

	/**
	 * The DER PrivateKeyInfo inside a DER EncryptedPrivateKeyInfo.
	 * @throws MaterialException UNPARSEABLE (damaged, or a scheme that cannot be read, named with its
	 * OIDs), MISSING_DEPENDENCY (the scheme needs Bouncy Castle) or WRONG_PASSWORD
	 */
	static byte[] decrypt(byte[] encryptedPrivateKeyInfo, char[] password, String location) {
		PbeScheme scheme;
		byte[] encrypted;
		try {
			Der outer = Der.of(encryptedPrivateKeyInfo);
			Der info = outer.sequence();
			outer.requireEnd();
			scheme = PbeScheme.of(info.sequence());
			encrypted = info.octetString();
		}
		catch (IllegalArgumentException ex) {
			throw new MaterialException(Problem.UNPARSEABLE, location,
					"The encrypted private key is damaged: its encryption scheme and parameters cannot be read ("
							+ ex.getMessage() + ")",
					"Check the file (openssl asn1parse -in key.pem), or export the key again", ex);
		}
		if (scheme.unsupported() != null) {
			throw new MaterialException(Problem.UNPARSEABLE, location,
					"The key is encrypted with " + scheme.describe() + ", which cannot be read here: "
							+ scheme.unsupported(),
					CONVERT);
		}
		requireBounded(scheme, location);
		if (scheme.needsBouncyCastle() && !BouncyCastle.isPresent()) {
			throw new MaterialException(Problem.MISSING_DEPENDENCY, location,
					"The key is encrypted with " + scheme.describe() + ", which needs Bouncy Castle ("
							+ PrivateKeys.BC_COORDINATES + ") on the classpath",
					"Add the dependency " + PrivateKeys.BC_COORDINATES + ", or " + lowerFirst(CONVERT));
		}
		byte[] plain = decrypt(scheme, encrypted, password, location);
		if (!isPrivateKeyInfo(plain)) {
			// A wrong key passes the padding check now and then (about 1 in 256 for CBC, always for RC4).
			throw PrivateKeys.wrongPassword(location, null);
		}
		return plain;
	}

	private static byte[] decrypt(PbeScheme scheme, byte[] encrypted, char[] password, String location) {
		CipherSpec spec = scheme.cipher();
		byte[] key;
		byte[] iv = spec.iv();
		try {
			if (scheme.kdf() instanceof Pbkdf1 pbkdf1) {
				byte[] derived = pbkdf1(pbkdf1, utf8(password));
				key = Arrays.copyOfRange(derived, 0, spec.keyLength());
				iv = Arrays.copyOfRange(derived, 8, 16);
			}
			else if (scheme.kdf() instanceof Pkcs12 pkcs12) {
				byte[] bmp = bmpString(password);
				key = pkcs12Kdf(1, bmp, pkcs12, spec.keyLength());
				iv = (spec.ivLength() > 0) ? pkcs12Kdf(2, bmp, pkcs12, spec.ivLength()) : null;
			}
			else if (scheme.kdf() instanceof Pbkdf2 pbkdf2) {
				key = pbkdf2(pbkdf2, utf8(password), spec.keyLength());
			}
			else {
				Scrypt scrypt = (Scrypt) scheme.kdf();
				key = BouncyCastlePbe.scrypt(utf8(password), scrypt.salt(), scrypt.n(), scrypt.r(), scrypt.p(),
						spec.keyLength());
			}
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw cannotRun(scheme, "its key derivation", location, ex);
		}
		if (spec.twoKey()) {
			key = Arrays.copyOf(key, 24);
			System.arraycopy(key, 0, key, 16, 8); // K1 K2 K1
		}
		if (spec.needsBouncyCastle()) {
			try {
				return BouncyCastlePbe.decryptCbc(spec.engine(), key, iv, encrypted);
			}
			catch (BadPaddingException ex) {
				throw PrivateKeys.wrongPassword(location, ex);
			}
			catch (IllegalArgumentException ex) {
				throw cannotRun(scheme, spec.name(), location, ex);
			}
		}
		Cipher cipher;
		try {
			cipher = Cipher.getInstance(spec.transformation());
			AlgorithmParameterSpec parameters = (spec.rc2Bits() > 0) ? new RC2ParameterSpec(spec.rc2Bits(), iv)
					: (iv != null) ? new IvParameterSpec(iv) : null;
			cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, spec.keyAlgorithm()), parameters);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw cannotRun(scheme, spec.name(), location, ex);
		}
		try {
			return cipher.doFinal(encrypted);
		}
		catch (BadPaddingException | IllegalBlockSizeException ex) {
			throw PrivateKeys.wrongPassword(location, ex);
		}
	}

	private static MaterialException cannotRun(PbeScheme scheme, String part, String location, Exception ex) {
		return new MaterialException(Problem.UNPARSEABLE, location,
				"The key is encrypted with " + scheme.describe() + ", and this JVM cannot run " + part + " ("
						+ ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")",
				CONVERT, ex);
	}

	/** Refuses parameters that would take minutes or gigabytes before the password could be checked. */
	private static void requireBounded(PbeScheme scheme, String location) {
		int iterations = (scheme.kdf() instanceof Pbkdf1 pbkdf1) ? pbkdf1.iterations()
				: (scheme.kdf() instanceof Pkcs12 pkcs12) ? pkcs12.iterations()
						: (scheme.kdf() instanceof Pbkdf2 pbkdf2) ? pbkdf2.iterations() : 0;
		if (iterations > MAX_ITERATIONS) {
			throw new MaterialException(Problem.UNPARSEABLE, location,
					"The key is encrypted with " + scheme.describe() + " and " + iterations
							+ " iterations, more than the " + MAX_ITERATIONS + " this starter runs",
					CONVERT);
		}
		if (scheme.kdf() instanceof Scrypt scrypt) {
			long memory = 128L * scrypt.n() * scrypt.r();
			if (Integer.bitCount(scrypt.n()) != 1 || memory > MAX_SCRYPT_MEMORY || scrypt.p() > 64) {
				throw new MaterialException(Problem.UNPARSEABLE, location,
						"The key is encrypted with " + scheme.describe() + " and scrypt parameters N=" + scrypt.n()
								+ ", r=" + scrypt.r() + ", p=" + scrypt.p()
								+ " that are invalid or need more than the 256 MiB this starter gives scrypt",
						CONVERT);
			}
		}
	}

	/** PrivateKeyInfo ::= SEQUENCE { version INTEGER (0|1), algorithm AlgorithmIdentifier, key OCTET STRING, ... } */
	private static boolean isPrivateKeyInfo(byte[] plain) {
		try {
			Der outer = Der.of(plain);
			Der info = outer.sequence();
			outer.requireEnd();
			info.integer(0, 1);
			info.sequence();
			info.octetString();
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** PKCS#5 v1.5 PBKDF1: T = H^c(P || S); the first 8 bytes are the key, the next 8 the IV. */
	private static byte[] pbkdf1(Pbkdf1 kdf, byte[] password) throws GeneralSecurityException {
		MessageDigest digest = MessageDigest.getInstance(kdf.digest());
		digest.update(password);
		digest.update(kdf.salt());
		byte[] t = digest.digest();
		for (int i = 1; i < kdf.iterations(); i++) {
			t = digest.digest(t);
		}
		return t;
	}

	/** PBKDF2 (RFC 8018 5.2) over any HMAC the JDK has, including those it has no PBKDF2 factory for. */
	private static byte[] pbkdf2(Pbkdf2 kdf, byte[] password, int length) throws GeneralSecurityException {
		Mac prf = Mac.getInstance(kdf.mac());
		prf.init(new RawKey(password, kdf.mac()));
		int blockLength = prf.getMacLength();
		byte[] out = new byte[length];
		for (int block = 1, offset = 0; offset < length; block++, offset += blockLength) {
			prf.update(kdf.salt());
			prf.update(new byte[] { (byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block });
			byte[] u = prf.doFinal();
			byte[] t = u.clone();
			for (int i = 1; i < kdf.iterations(); i++) {
				u = prf.doFinal(u);
				for (int j = 0; j < t.length; j++) {
					t[j] ^= u[j];
				}
			}
			System.arraycopy(t, 0, out, offset, Math.min(blockLength, length - offset));
		}
		return out;
	}

	/** The PKCS#12 KDF (RFC 7292 appendix B.2) with SHA-1; id 1 derives the key, 2 the IV. */
	private static byte[] pkcs12Kdf(int id, byte[] password, Pkcs12 kdf, int length) throws GeneralSecurityException {
		MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
		int u = 20;
		int v = 64;
		byte[] d = new byte[v];
		Arrays.fill(d, (byte) id);
		byte[] salt = repeat(kdf.salt(), v);
		byte[] pass = repeat(password, v);
		byte[] i = new byte[salt.length + pass.length];
		System.arraycopy(salt, 0, i, 0, salt.length);
		System.arraycopy(pass, 0, i, salt.length, pass.length);
		byte[] out = new byte[length];
		for (int offset = 0; offset < length; offset += u) {
			sha1.update(d);
			sha1.update(i);
			byte[] a = sha1.digest();
			for (int round = 1; round < kdf.iterations(); round++) {
				a = sha1.digest(a);
			}
			System.arraycopy(a, 0, out, offset, Math.min(u, length - offset));
			if (offset + u < length) {
				// I_j = (I_j + B + 1) mod 2^(8v), B being A repeated to v bytes
				byte[] b = repeat(a, v);
				for (int block = 0; block < i.length; block += v) {
					int carry = 1;
					for (int k = v - 1; k >= 0; k--) {
						int sum = (i[block + k] & 0xFF) + (b[k] & 0xFF) + carry;
						i[block + k] = (byte) sum;
						carry = sum >>> 8;
					}
				}
			}
		}
		return out;
	}

	/** {@code bytes} repeated to the next multiple of {@code v} (nothing for nothing). */
	private static byte[] repeat(byte[] bytes, int v) {
		if (bytes.length == 0) {
			return bytes;
		}
		byte[] out = new byte[v * ((bytes.length + v - 1) / v)];
		for (int i = 0; i < out.length; i++) {
			out[i] = bytes[i % bytes.length];
		}
		return out;
	}

	/** The password as openssl hands it to PBKDF1, PBKDF2 and scrypt: its UTF-8 bytes. */
	private static byte[] utf8(char[] password) {
		ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
		byte[] bytes = new byte[encoded.remaining()];
		encoded.get(bytes);
		return bytes;
	}

	/** The password as PKCS#12 wants it: a BMPString (UTF-16BE) with a trailing NUL. */
	private static byte[] bmpString(char[] password) {
		byte[] bmp = new byte[password.length * 2 + 2];
		for (int i = 0; i < password.length; i++) {
			bmp[2 * i] = (byte) (password[i] >>> 8);
			bmp[2 * i + 1] = (byte) password[i];
		}
		return bmp;
	}

	private static String lowerFirst(String text) {
		return Character.toLowerCase(text.charAt(0)) + text.substring(1);
	}

	/** A MAC key of any length, even empty (which {@code SecretKeySpec} refuses). */
	private record RawKey(byte[] bytes, String algorithm) implements SecretKey {

		@Override
		public String getAlgorithm() {
			return this.algorithm;
		}

		@Override
		public String getFormat() {
			return "RAW";
		}

		@Override
		public byte[] getEncoded() {
			return this.bytes.clone();
		}

	}

}
