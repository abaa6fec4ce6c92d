package io.tributary.metadata.broker;

/** What every registered node (broker or coordinator) advertises: its id and the address clients connect to. */
public interface NodeRegistration {

    int id();

    String host();

    int port();
}
