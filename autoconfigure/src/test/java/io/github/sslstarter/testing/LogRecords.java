package io.github.sslstarter.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one class of the library logged during a test, through {@code System.Logger} (which goes
 * to java.util.logging here). Use it as
 * {@code @RegisterExtension final LogRecords log = LogRecords.of(SomeClass.class);}.
 */
public final class LogRecords implements BeforeEachCallback, AfterEachCallback {

	private final Logger logger;

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			LogRecords.this.records.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	private LogRecords(String logger) {
		this.logger = Logger.getLogger(logger);
	}

	/** The records of the logger named after {@code type}. */
	public static LogRecords of(Class<?> type) {
		return new LogRecords(type.getName());
	}

	/** The records of the logger of that name (for a package-private class of another package). */
	public static LogRecords of(String logger) {
		return new LogRecords(logger);
	}

	/** What was logged so far in this test. */
	public List<LogRecord> records() {
		return this.records;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.records.clear();
		this.logger.addHandler(this.handler);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.logger.removeHandler(this.handler);
	}

}
