package io.github.sslstarter.material;

import java.util.Arrays;

import javax.crypto.BadPaddingException;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.ARIAEngine;
import org.bouncycastle.crypto.engines.CAST5Engine;
import org.bouncycastle.crypto.engines.CamelliaEngine;
import org.bouncycastle.crypto.engines.SEEDEngine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * What the JDK lacks for encrypted PKCS#8 keys: the scrypt key derivation and the CBC ciphers
 * Camellia, ARIA, SM4, SEED and CAST5, from Bouncy Castle's lightweight API (no JCA provider is
 * registered). Loaded only after {@link BouncyCastle#isPresent()}; its signatures use JDK types
 * only, so that {@link PbeDecryptor} links without Bouncy Castle.
 */
final class BouncyCastlePbe {

	private BouncyCastlePbe() {
	}

	static byte[] scrypt(byte[] password, byte[] salt, int n, int r, int p, int keyLength) {
		return SCrypt.generate(password, salt, n, r, p, keyLength);
	}

	/** CBC decryption with PKCS#7 padding; bad padding (the usual sign of a wrong key) as the JDK reports it. */
	static byte[] decryptCbc(String engine, byte[] key, byte[] iv, byte[] data) throws BadPaddingException {
		BlockCipher blockCipher = switch (engine) {
			case "Camellia" -> new CamelliaEngine();
			case "ARIA" -> new ARIAEngine();
			case "SM4" -> new SM4Engine();
			case "SEED" -> new SEEDEngine();
			case "CAST5" -> new CAST5Engine();
			default -> throw new IllegalArgumentException("no engine " + engine);
		};
		PaddedBufferedBlockCipher cipher = new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(blockCipher));
		cipher.init(false, new ParametersWithIV(new KeyParameter(key), iv));
		byte[] out = new byte[cipher.getOutputSize(data.length)];
		try {
			int length = cipher.processBytes(data, 0, data.length, out, 0);
			length += cipher.doFinal(out, length);
			return Arrays.copyOf(out, length);
		}
		catch (InvalidCipherTextException | DataLengthException ex) {
			throw new BadPaddingException(ex.getMessage());
		}
	}

}
