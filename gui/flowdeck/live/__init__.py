"""The one live core every front end runs on (asyncio, no Qt): LiveStore owns the live
state, Follower is the one feed loop that writes it, AlertPipeline turns its changes into
logged, announced alerts. Feed -> Follower -> LiveStore.apply -> Change -> listeners."""
