"""Reasoning over the tools: the offline planner and the LLM agent."""
