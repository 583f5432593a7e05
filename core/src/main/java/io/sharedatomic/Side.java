package io.sharedatomic;

/**
 * Which end of a value padding is added to or trimming removes from (the original's {@code 'l'}/{@code 'r'}).
 */
public enum Side
{
    /** The start: padding goes before the data; trimming keeps the last bytes. */
    LEFT,
    /** The end: padding goes after the data; trimming keeps the first bytes. */
    RIGHT
}
