package dev.qseal.banks;

/** Receives every exchange a flow makes, already redacted (e.g. to print it or write it to files). */
@FunctionalInterface
public interface ExchangeRecorder {
    /** Records nothing. */
    ExchangeRecorder NONE = e -> { };

    void record(Exchange exchange);
}
