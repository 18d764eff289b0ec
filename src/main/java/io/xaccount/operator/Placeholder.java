package io.xaccount.operator;

class Placeholder {}
