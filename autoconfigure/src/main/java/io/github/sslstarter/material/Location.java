package io.github.sslstarter.material;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.github.sslstarter.material.MaterialException.Problem;

/**
 * Where material comes from: a file path, a {@code file:} URL, a {@code classpath:} resource, or
 * inline PEM text. Knows how to describe itself without revealing inline content.
 */
final class Location {

	static final String CLASSPATH_PREFIX = "classpath:";

	static final String FILE_PREFIX = "file:";

	/**
	 * The most a key, certificate or CA file may hold: far above any real one (Mozilla's CA
	 * bundle is about 0.25 MiB), and a bound on what a wrong location can cost.
	 */
	static final int MAX_SIZE = 8 * 1024 * 1024;

	static final String MAX_SIZE_TEXT = "8 MiB";

	private final String value;

	private final String description;

	private Location(String value, String description) {
		this.value = value;
		this.description = description;
	}

	static Location of(String value) {
		if (value == null || value.isBlank()) {
			throw new MaterialException(Problem.NOT_FOUND, "(none)", "No location was given",
					"Set a file path, a file: URL, a classpath: resource or inline PEM text");
		}
		if (isInline(value)) {
			// Inline PEM may hold a private key: only its size is ever shown.
			return new Location(value, "inline PEM (" + value.strip().lines().count() + " lines)");
		}
		return new Location(value.strip(), value.strip());
	}

	static boolean isInline(String value) {
		return value.contains("-----BEGIN");
	}

	boolean isInline() {
		return isInline(this.value);
	}

	/** The location as configured, or a short description of inline content. */
	String description() {
		return this.description;
	}

	/** The whole content of the location. */
	byte[] read() {
		if (isInline()) {
			return this.value.getBytes(StandardCharsets.ISO_8859_1);
		}
		if (this.value.startsWith(CLASSPATH_PREFIX)) {
			return readResource();
		}
		return readFile(path());
	}

	/** The whole content, refused (TOO_LARGE) beyond {@link #MAX_SIZE} before it is read. */
	byte[] readBounded() {
		if (isInline()) {
			requireSize(this.value.length(), this.description, "inline PEM");
			return read();
		}
		if (this.value.startsWith(CLASSPATH_PREFIX)) {
			byte[] bytes = readResource(MAX_SIZE);
			if (bytes.length > MAX_SIZE) {
				throw tooLarge(this.description, "classpath resource", "larger than"); // read up to the limit only
			}
			return bytes;
		}
		Path path = path();
		try {
			if (Files.isRegularFile(path)) {
				requireSize(Files.size(path), this.description, "file");
			}
		}
		catch (IOException ex) {
			// readFile reports it
		}
		return readFile(path);
	}

	/** Refuses content larger than {@link #MAX_SIZE}, naming the limit. */
	static void requireSize(long size, String location, String what) {
		if (size > MAX_SIZE) {
			throw tooLarge(location, what,
					String.format(java.util.Locale.ROOT, "%.1f MiB, more than", size / (1024.0 * 1024.0)));
		}
	}

	private static MaterialException tooLarge(String location, String what, String size) {
		return new MaterialException(Problem.TOO_LARGE, location,
				"The " + what + " is " + size + " the " + MAX_SIZE_TEXT
						+ " this starter reads as a key, certificate or CA file",
				"Point the location at the key or certificate file itself (a CA bundle is rarely over 1 MiB)");
	}

	/** The file system path of a file path or {@code file:} location. */
	Path path() {
		if (isInline() || this.value.startsWith(CLASSPATH_PREFIX)) {
			throw new MaterialException(Problem.UNREADABLE, this.description,
					"The location must be on the file system, not " + (isInline() ? "inline PEM" : "a classpath resource"),
					"Give a file path or a file: URL");
		}
		try {
			if (this.value.startsWith(FILE_PREFIX)) {
				URI uri = new URI(this.value);
				// "file:relative/path" is opaque and means a path relative to the working directory.
				return uri.isOpaque() ? Path.of(uri.getSchemeSpecificPart()) : Path.of(uri);
			}
			return Path.of(this.value);
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			throw new MaterialException(Problem.NOT_FOUND, this.description, "The location is not a valid path or URL",
					"Give a file path, a file: URL (file:/etc/app/key.pem) or a classpath: resource", ex);
		}
	}

	private byte[] readFile(Path path) {
		if (Files.isDirectory(path)) {
			throw new MaterialException(Problem.UNREADABLE, this.description,
					"The location is a directory, not a file: " + path.toAbsolutePath(),
					"Point it at the file itself");
		}
		try {
			return Files.readAllBytes(path);
		}
		catch (NoSuchFileException ex) {
			throw notFound("No file at " + path.toAbsolutePath(), ex);
		}
		catch (AccessDeniedException ex) {
			throw new MaterialException(Problem.UNREADABLE, this.description,
					"The file cannot be read (permission denied): " + path.toAbsolutePath(),
					"Let the user running the application read it", ex);
		}
		catch (IOException ex) {
			throw new MaterialException(Problem.UNREADABLE, this.description,
					"The file cannot be read: " + path.toAbsolutePath() + " (" + ex.getClass().getSimpleName() + ")",
					"Check that it is a readable regular file", ex);
		}
	}

	private byte[] readResource() {
		return readResource(Integer.MAX_VALUE - 8);
	}

	/** The resource, or its first {@code limit + 1} bytes when it is longer. */
	private byte[] readResource(int limit) {
		String name = this.value.substring(CLASSPATH_PREFIX.length());
		while (name.startsWith("/")) {
			name = name.substring(1);
		}
		URL url = findResource(name);
		if (url == null) {
			throw notFound("No classpath resource named '" + name + "'", null);
		}
		if ("file".equals(url.getProtocol())) {
			try {
				// A directory on the classpath would otherwise read as a listing of its files.
				Path file = Path.of(url.toURI());
				if (Files.isRegularFile(file)) {
					requireSize(Files.size(file), this.description, "classpath resource");
				}
				return readFile(file);
			}
			catch (URISyntaxException | IllegalArgumentException | IOException ex) {
				// not a plain file URL: read it as a stream below
			}
		}
		try (InputStream in = url.openStream()) {
			return in.readNBytes(limit + 1);
		}
		catch (IOException ex) {
			throw new MaterialException(Problem.UNREADABLE, this.description,
					"The classpath resource '" + name + "' cannot be read (" + ex.getClass().getSimpleName() + ")",
					"Check how the resource is packaged", ex);
		}
	}

	private static URL findResource(String name) {
		ClassLoader context = Thread.currentThread().getContextClassLoader();
		URL url = (context != null) ? context.getResource(name) : null;
		if (url == null) {
			ClassLoader own = Location.class.getClassLoader();
			url = (own != null) ? own.getResource(name) : ClassLoader.getSystemResource(name);
		}
		return url;
	}

	private MaterialException notFound(String message, Throwable cause) {
		return new MaterialException(Problem.NOT_FOUND, this.description, message,
				"Check the location: a file path, a file: URL, a classpath: resource, or inline PEM text", cause);
	}

	@Override
	public String toString() {
		return this.description;
	}

}
